import { addDays, type ProjectStage } from '@sunshine/domain';
import { DUPLICATE_WINDOW_DAYS } from '../config';
import type {
  AllocationFact,
  DisbursementFact,
  HouseholdFact,
  MovementFact,
  PaymentFact,
  ProjectFact,
  ProjectIncomeFact,
  StageFact,
} from '../facts';
import type { PayeeDisbursement } from '../rules/split-payments';
import { fen, optionalFen, optionalText, type Queryable } from './sql';

/** Reads facts back as the plain values the rules take. */

interface AllocationRow {
  fund_id: string;
  allocation_id: string;
  village_code: string;
  amount_fen: string;
  allocated_on: string;
  cap_fen: string | null;
  event_id: string;
}

export function allocationOf(row: AllocationRow): AllocationFact {
  const fact: AllocationFact = {
    fundId: row.fund_id,
    allocationId: row.allocation_id,
    villageCode: row.village_code,
    amountFen: fen(row.amount_fen),
    allocatedOn: row.allocated_on,
    eventId: row.event_id,
  };
  const capFen = optionalFen(row.cap_fen);
  if (capFen !== undefined) fact.perHouseholdCapFen = capFen;
  return fact;
}

export async function loadAllocation(
  db: Queryable,
  fundId: string,
  allocationId: string,
): Promise<AllocationFact | undefined> {
  const { rows } = await db.query<AllocationRow>(
    `SELECT * FROM alert_allocations WHERE fund_id = $1 AND allocation_id = $2`,
    [fundId, allocationId],
  );
  return rows[0] && allocationOf(rows[0]);
}

interface MovementRow {
  fund_id: string;
  kind: 'disbursement' | 'payment' | 'payment_failed' | 'return';
  movement_id: string;
  allocation_id: string;
  amount_fen: string;
  moved_on: string;
  event_id: string;
  household_id: string | null;
  payee_type: DisbursementFact['payeeType'] | null;
  payee_id: string | null;
}

export function movementOf(row: MovementRow): MovementFact {
  return {
    kind: row.kind,
    amountFen: fen(row.amount_fen),
    on: row.moved_on,
    eventId: row.event_id,
  };
}

function paymentOf(row: MovementRow): PaymentFact {
  return {
    fundId: row.fund_id,
    paymentId: row.movement_id,
    allocationId: row.allocation_id,
    householdId: row.household_id ?? '',
    amountFen: fen(row.amount_fen),
    paidOn: row.moved_on,
    eventId: row.event_id,
  };
}

function disbursementOf(row: MovementRow & { village_code: string }): PayeeDisbursement {
  return {
    fundId: row.fund_id,
    disbursementId: row.movement_id,
    allocationId: row.allocation_id,
    payeeType: row.payee_type ?? 'contractor',
    payeeId: row.payee_id ?? '',
    amountFen: fen(row.amount_fen),
    paidOn: row.moved_on,
    eventId: row.event_id,
    villageCode: row.village_code,
  };
}

/** Every payment to one household (bounded by what one household plausibly receives). */
export const HOUSEHOLD_PAYMENTS_MAX = 5_000;

export async function loadPaymentsToHousehold(
  db: Queryable,
  householdId: string,
): Promise<PaymentFact[]> {
  const { rows } = await db.query<MovementRow>(
    `SELECT * FROM alert_movements WHERE household_id = $1 AND kind = 'payment'
     ORDER BY moved_on DESC LIMIT $2`,
    [householdId, HOUSEHOLD_PAYMENTS_MAX],
  );
  return rows.map(paymentOf);
}

/**
 * Payments that could repeat `payment`: same household, fund, allocation and amount, paid
 * within the duplicate window either side.
 */
export async function loadRepeatCandidates(
  db: Queryable,
  payment: PaymentFact,
): Promise<PaymentFact[]> {
  const { rows } = await db.query<MovementRow>(
    `SELECT * FROM alert_movements
     WHERE household_id = $1 AND kind = 'payment' AND fund_id = $2 AND allocation_id = $3
       AND amount_fen = $4 AND moved_on BETWEEN $5 AND $6 AND movement_id <> $7
     LIMIT $8`,
    [payment.householdId, payment.fundId, payment.allocationId, payment.amountFen,
      addDays(payment.paidOn, -DUPLICATE_WINDOW_DAYS),
      addDays(payment.paidOn, DUPLICATE_WINDOW_DAYS), payment.paymentId, HOUSEHOLD_PAYMENTS_MAX],
  );
  return rows.map(paymentOf);
}

/**
 * The repeat candidates of many payments in one query: for each payment, in order, what
 * `loadRepeatCandidates` answers for it alone.
 */
export async function loadRepeatCandidatesOfMany(
  db: Queryable,
  payments: readonly PaymentFact[],
): Promise<PaymentFact[][]> {
  const byPayment: PaymentFact[][] = payments.map(() => []);
  if (payments.length === 0) return byPayment;
  const { rows } = await db.query<MovementRow & { n: number }>(
    `SELECT m.*, k.n FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[],
       $6::text[], $7::text[], $8::int[]) AS k(h, f, a, amt, lo, hi, own, n)
     CROSS JOIN LATERAL (
       SELECT * FROM alert_movements m
       WHERE m.household_id = k.h AND m.kind = 'payment' AND m.fund_id = k.f
         AND m.allocation_id = k.a AND m.amount_fen = k.amt AND m.moved_on BETWEEN k.lo AND k.hi
         AND m.movement_id <> k.own
       LIMIT $9) m`,
    [payments.map((p) => p.householdId), payments.map((p) => p.fundId),
      payments.map((p) => p.allocationId), payments.map((p) => p.amountFen),
      payments.map((p) => addDays(p.paidOn, -DUPLICATE_WINDOW_DAYS)),
      payments.map((p) => addDays(p.paidOn, DUPLICATE_WINDOW_DAYS)),
      payments.map((p) => p.paymentId), payments.map((_, n) => n), HOUSEHOLD_PAYMENTS_MAX],
  );
  for (const row of rows) byPayment[row.n]?.push(paymentOf(row));
  return byPayment;
}

/** A payee's disbursements in a date range, at most this many. */
export const PAYEE_WINDOW_ROWS_MAX = 1_000;

export async function loadPayeeDisbursements(
  db: Queryable,
  payee: { type: string; id: string },
  fromDate: string,
  toDate: string,
): Promise<PayeeDisbursement[]> {
  const { rows } = await db.query<MovementRow & { village_code: string }>(
    `SELECT m.*, a.village_code FROM alert_movements m
       JOIN alert_allocations a ON a.fund_id = m.fund_id AND a.allocation_id = m.allocation_id
     WHERE m.kind = 'disbursement' AND m.payee_type = $1 AND m.payee_id = $2
       AND m.moved_on BETWEEN $3 AND $4
     ORDER BY m.moved_on LIMIT $5`,
    [payee.type, payee.id, fromDate, toDate, PAYEE_WINDOW_ROWS_MAX],
  );
  return rows.map(disbursementOf);
}

interface JoinedAllocationColumns {
  village_code: string;
  a_amount_fen: string;
  allocated_on: string;
  cap_fen: string | null;
  a_event_id: string;
}

/** Disbursements naming a project as payee, with their allocations. */
export async function loadDisbursementsToProject(
  db: Queryable,
  projectId: string,
): Promise<{ disbursement: PayeeDisbursement; allocation: AllocationFact }[]> {
  const { rows } = await db.query<MovementRow & JoinedAllocationColumns>(
    `SELECT m.*, a.village_code, a.amount_fen AS a_amount_fen, a.allocated_on, a.cap_fen,
            a.event_id AS a_event_id
       FROM alert_movements m
       JOIN alert_allocations a ON a.fund_id = m.fund_id AND a.allocation_id = m.allocation_id
     WHERE m.kind = 'disbursement' AND m.payee_type = 'project' AND m.payee_id = $1
     LIMIT $2`,
    [projectId, PAYEE_WINDOW_ROWS_MAX],
  );
  return rows.map((row) => ({
    disbursement: disbursementOf(row),
    allocation: allocationOf({
      fund_id: row.fund_id,
      allocation_id: row.allocation_id,
      village_code: row.village_code,
      amount_fen: row.a_amount_fen,
      allocated_on: row.allocated_on,
      cap_fen: row.cap_fen,
      event_id: row.a_event_id,
    }),
  }));
}

export async function loadMovementsOfAllocation(
  db: Queryable,
  fundId: string,
  allocationId: string,
): Promise<MovementFact[]> {
  const { rows } = await db.query<MovementRow>(
    `SELECT * FROM alert_movements WHERE fund_id = $1 AND allocation_id = $2`,
    [fundId, allocationId],
  );
  return rows.map(movementOf);
}

interface HouseholdRow {
  household_id: string;
  village_code: string;
  members: number;
  registered_on: string;
  deregistered_on: string | null;
  event_id: string;
  income_period: string | null;
  income_total_fen: string | null;
  income_one_off_fen: string | null;
  income_event_id: string | null;
}

function householdOf(row: HouseholdRow): HouseholdFact {
  const fact: HouseholdFact = {
    householdId: row.household_id,
    villageCode: row.village_code,
    members: row.members,
    registeredOn: row.registered_on,
    eventId: row.event_id,
  };
  const deregisteredOn = optionalText(row.deregistered_on);
  if (deregisteredOn !== undefined) fact.deregisteredOn = deregisteredOn;
  if (row.income_period !== null && row.income_event_id !== null) {
    fact.latestIncome = {
      period: row.income_period,
      totalFen: fen(row.income_total_fen),
      oneOffFen: fen(row.income_one_off_fen),
      eventId: row.income_event_id,
    };
  }
  return fact;
}

/** Several households in one query; an unknown id is absent from the map. */
export async function loadHouseholds(
  db: Queryable,
  householdIds: readonly string[],
): Promise<Map<string, HouseholdFact>> {
  if (householdIds.length === 0) return new Map();
  const { rows } = await db.query<HouseholdRow>(
    `SELECT * FROM alert_households WHERE household_id = ANY($1::text[])`,
    [householdIds],
  );
  return new Map(rows.map((row) => [row.household_id, householdOf(row)]));
}

export async function loadHousehold(
  db: Queryable,
  householdId: string,
): Promise<HouseholdFact | undefined> {
  const { rows } = await db.query<HouseholdRow>(
    `SELECT * FROM alert_households WHERE household_id = $1`,
    [householdId],
  );
  return rows[0] && householdOf(rows[0]);
}

interface ProjectRow {
  project_id: string;
  village_code: string;
  registered_on: string;
  cancelled_on: string | null;
  event_id: string;
  stages: { stage: ProjectStage; on: string; eventId: string }[];
}

export function projectOf(row: ProjectRow): ProjectFact {
  const fact: ProjectFact = {
    projectId: row.project_id,
    villageCode: row.village_code,
    registeredOn: row.registered_on,
    eventId: row.event_id,
    stages: row.stages.map((s): StageFact => ({ stage: s.stage, on: s.on, eventId: s.eventId })),
  };
  const cancelledOn = optionalText(row.cancelled_on);
  if (cancelledOn !== undefined) fact.cancelledOn = cancelledOn;
  return fact;
}

export async function loadProject(
  db: Queryable,
  projectId: string,
): Promise<ProjectFact | undefined> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT * FROM alert_projects WHERE project_id = $1`,
    [projectId],
  );
  return rows[0] && projectOf(rows[0]);
}

export async function loadProjectIncome(
  db: Queryable,
  projectId: string,
): Promise<ProjectIncomeFact[]> {
  const { rows } = await db.query<{
    kind: 'earned' | 'distributed';
    amount_fen: string;
    on_date: string;
    event_id: string;
  }>(`SELECT * FROM alert_project_income WHERE project_id = $1`, [projectId]);
  return rows.map((r) => ({
    kind: r.kind,
    amountFen: fen(r.amount_fen),
    on: r.on_date,
    eventId: r.event_id,
  }));
}
