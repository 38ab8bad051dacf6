import type { DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import type { PaymentFact } from '../facts';
import { applyPeopleFact } from './people-facts';
import type { Queryable } from './sql';

/**
 * Applies one event to the fact tables. Inserts are idempotent by key as a second line of
 * defence; the first is the per-stream version check of the consumer.
 */
export async function applyFact(
  db: Queryable,
  stored: StoredEvent,
  event: DomainEvent,
  entityId: string,
): Promise<void> {
  await applyPeopleFact(db, stored, event, entityId);
  switch (event.type) {
    case 'FundReceived': {
      const d = event.data;
      await db.query(
        `INSERT INTO alert_funds VALUES ($1, $2, $3, $4) ON CONFLICT (fund_id) DO NOTHING`,
        [entityId, d.countyCode, d.amountFen, d.receivedOn],
      );
      return;
    }
    case 'FundAllocated': {
      const d = event.data;
      await db.query(
        `INSERT INTO alert_allocations VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (fund_id, allocation_id) DO NOTHING`,
        [entityId, d.allocationId, d.villageCode, d.amountFen, d.allocatedOn,
          d.perHouseholdCapFen ?? null, stored.eventId],
      );
      return;
    }
    case 'FundDisbursed':
    case 'HouseholdPaid':
    case 'FundReturned':
      return applyMovement(db, stored, event, entityId);
    case 'HouseholdPaymentConfirmed':
    case 'HouseholdPaymentFailed':
      return applyBankResult(db, stored, event, entityId);
    case 'HouseholdRegistered':
    case 'HouseholdIncomeRecorded':
    case 'HouseholdDeregistered':
      return applyHousehold(db, stored, event, entityId);
    case 'ProjectRegistered':
    case 'ProjectStageAdvanced':
    case 'ProjectCancelled':
    case 'ProjectIncomeRecorded':
    case 'ProjectIncomeDistributed':
      return applyProject(db, stored, event, entityId);
    default:
      return;
  }
}

type MovementEvent = Extract<
  DomainEvent,
  { type: 'FundDisbursed' | 'HouseholdPaid' | 'FundReturned' }
>;

async function applyMovement(
  db: Queryable,
  stored: StoredEvent,
  event: MovementEvent,
  fundId: string,
): Promise<void> {
  const insert = `INSERT INTO alert_movements (fund_id, kind, movement_id, allocation_id,
      amount_fen, moved_on, event_id, household_id, payee_type, payee_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`;
  const d = event.data;
  switch (event.type) {
    case 'FundDisbursed':
      await db.query(insert, [fundId, 'disbursement', event.data.disbursementId, d.allocationId,
        d.amountFen, event.data.paidOn, stored.eventId, null, event.data.payee.type,
        event.data.payee.id]);
      return;
    case 'HouseholdPaid':
      await db.query(insert, [fundId, 'payment', event.data.paymentId, d.allocationId,
        d.amountFen, event.data.paidOn, stored.eventId, event.data.householdId, null, null]);
      if (event.data.batchId !== undefined) {
        await db.query(`UPDATE alert_movements SET batch_id = $3
          WHERE fund_id = $1 AND kind = 'payment' AND movement_id = $2`,
        [fundId, event.data.paymentId, event.data.batchId]);
      }
      return;
    case 'FundReturned':
      await db.query(insert, [fundId, 'return', event.data.returnId, d.allocationId ?? null,
        d.amountFen, event.data.returnedOn, stored.eventId, null, null, null]);
      return;
  }
}

/**
 * A bank result settles its payment; a failure is also money back on the allocation: a
 * negative movement on settledOn, so sums of outflows as of later dates leave it out.
 */
async function applyBankResult(
  db: Queryable,
  stored: StoredEvent,
  event: Extract<DomainEvent, { type: 'HouseholdPaymentConfirmed' | 'HouseholdPaymentFailed' }>,
  fundId: string,
): Promise<void> {
  const d = event.data;
  await db.query(`UPDATE alert_movements SET settled_on = $3
    WHERE fund_id = $1 AND kind = 'payment' AND movement_id = $2`,
  [fundId, d.paymentId, d.settledOn]);
  if (event.type !== 'HouseholdPaymentFailed') return;
  await db.query(`INSERT INTO alert_movements (fund_id, kind, movement_id, allocation_id,
      amount_fen, moved_on, event_id) VALUES ($1, 'payment_failed', $2, $3, $4, $5, $6)
    ON CONFLICT DO NOTHING`,
  [fundId, d.paymentId, d.allocationId, -d.amountFen, d.settledOn, stored.eventId]);
}

/** Payments' movements in one statement (idempotent by key, as `applyFact`). */
export async function applyPaymentMovements(
  db: Queryable,
  payments: readonly PaymentFact[],
): Promise<void> {
  if (payments.length === 0) return;
  await db.query(
    `INSERT INTO alert_movements (fund_id, kind, movement_id, allocation_id, amount_fen,
       moved_on, event_id, household_id, payee_type, payee_id, batch_id)
     SELECT f, 'payment', m, a, amt, o, e, h, NULL, NULL, b
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
       $7::text[], $8::text[]) AS t(f, m, a, amt, o, e, h, b)
     ON CONFLICT DO NOTHING`,
    [payments.map((p) => p.fundId), payments.map((p) => p.paymentId),
      payments.map((p) => p.allocationId), payments.map((p) => p.amountFen),
      payments.map((p) => p.paidOn), payments.map((p) => p.eventId),
      payments.map((p) => p.householdId), payments.map((p) => p.batchId ?? null)],
  );
}

type HouseholdEvent = Extract<
  DomainEvent,
  { type: 'HouseholdRegistered' | 'HouseholdIncomeRecorded' | 'HouseholdDeregistered' }
>;

async function applyHousehold(
  db: Queryable,
  stored: StoredEvent,
  event: HouseholdEvent,
  householdId: string,
): Promise<void> {
  switch (event.type) {
    case 'HouseholdRegistered': {
      const d = event.data;
      await db.query(
        `INSERT INTO alert_households (household_id, village_code, members, registered_on,
           event_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (household_id) DO NOTHING`,
        [householdId, d.villageCode, d.members, d.registeredOn, stored.eventId],
      );
      return;
    }
    case 'HouseholdIncomeRecorded': {
      const d = event.data;
      const totalFen = d.wagesFen + d.businessFen + d.propertyFen + d.transferFen + d.otherFen;
      const oneOffFen = d.oneOffTransfers.reduce((sum, t) => sum + t.amountFen, 0);
      // The latest period wins; a correction of the same period replaces it.
      await db.query(
        `UPDATE alert_households SET income_period = $2, income_total_fen = $3,
           income_one_off_fen = $4, income_event_id = $5
         WHERE household_id = $1 AND (income_period IS NULL OR income_period <= $2)`,
        [householdId, d.period, totalFen, oneOffFen, stored.eventId],
      );
      return;
    }
    case 'HouseholdDeregistered':
      await db.query(
        `UPDATE alert_households SET deregistered_on = $2 WHERE household_id = $1`,
        [householdId, event.data.deregisteredOn],
      );
      return;
  }
}

type ProjectEvent = Extract<
  DomainEvent,
  {
    type:
      | 'ProjectRegistered'
      | 'ProjectStageAdvanced'
      | 'ProjectCancelled'
      | 'ProjectIncomeRecorded'
      | 'ProjectIncomeDistributed';
  }
>;

async function applyProject(
  db: Queryable,
  stored: StoredEvent,
  event: ProjectEvent,
  projectId: string,
): Promise<void> {
  const income = `INSERT INTO alert_project_income VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (event_id) DO NOTHING`;
  switch (event.type) {
    case 'ProjectRegistered':
      await db.query(
        `INSERT INTO alert_projects (project_id, village_code, registered_on, event_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT (project_id) DO NOTHING`,
        [projectId, event.data.villageCode, event.data.registeredOn, stored.eventId],
      );
      return;
    case 'ProjectStageAdvanced': {
      const step = { stage: event.data.stage, on: event.data.advancedOn, eventId: stored.eventId };
      await db.query(
        `UPDATE alert_projects SET stages = stages || $2::jsonb WHERE project_id = $1`,
        [projectId, JSON.stringify([step])],
      );
      return;
    }
    case 'ProjectCancelled':
      await db.query(`UPDATE alert_projects SET cancelled_on = $2 WHERE project_id = $1`, [
        projectId,
        event.data.on,
      ]);
      return;
    case 'ProjectIncomeRecorded':
      await db.query(income, [stored.eventId, projectId, 'earned', event.data.amountFen,
        event.data.earnedOn]);
      return;
    case 'ProjectIncomeDistributed': {
      const totalFen = event.data.shares.reduce((sum, s) => sum + s.amountFen, 0);
      await db.query(income, [stored.eventId, projectId, 'distributed', totalFen,
        event.data.distributedOn]);
      return;
    }
  }
}
