import { entityIdOfStream, type EventOf } from '@sunshine/domain';
import {
  allocationKey,
  emptyBatchIndex,
  emptyWriteSet,
  timelineRow,
  type FundInfo,
  type Lookups,
  type ParsedEvent,
} from './batch-model';
import { projectEntityEvent } from './project-entities';
import type { MovementKind, MovementRow, WriteSet } from './rows';

/**
 * The projection as a pure function: a batch of parsed events plus what the tables already
 * know about the entities they name → the rows to write. The SQL shell (`projection.ts`)
 * loads the lookups, calls this and writes the result in one transaction.
 */

/** Projects the events in order; `lookups` is extended with the entities they create. */
export function projectBatch(events: ParsedEvent[], lookups: Lookups): WriteSet {
  const out = emptyWriteSet();
  const index = emptyBatchIndex();
  for (const parsed of events) {
    if (!projectFundEvent(parsed, lookups, out)) {
      projectEntityEvent(parsed, lookups, out, index);
    }
  }
  out.householdUpdates = [...index.householdUpdates.values()];
  out.projectUpdates = [...index.projectUpdates.values()];
  return out;
}

function fundOf(lookups: Lookups, fundId: string): FundInfo {
  const fund = lookups.funds.get(fundId);
  if (!fund) throw new Error(`fund ${fundId} is not projected, yet an event of it arrived`);
  return fund;
}

interface Movement {
  kind: MovementKind;
  date: string;
  amountFen: number;
  movementId: string;
  allocationId: string | null;
  householdId?: string;
  payee?: { type: string; id: string };
}

function villageOfAllocation(lookups: Lookups, fundId: string, allocationId: string): string {
  const village = lookups.allocations.get(allocationKey(fundId, allocationId));
  if (!village) throw new Error(`allocation ${fundId}/${allocationId} is not projected`);
  return village;
}

/** Appends the movement row and, when it belongs to an allocation, the village's entry. */
function addMovement(p: ParsedEvent, lookups: Lookups, out: WriteSet, m: Movement): void {
  const fundId = entityIdOfStream(p.stored.streamId);
  const fund = fundOf(lookups, fundId);
  const village = m.allocationId ? villageOfAllocation(lookups, fundId, m.allocationId) : null;
  const row: MovementRow = {
    event_id: p.stored.eventId,
    kind: m.kind,
    business_date: m.date,
    amount_fen: m.amountFen,
    fund_id: fundId,
    category: fund.category,
    fiscal_year: fund.fiscalYear,
    county_code: fund.countyCode,
    region_code: village ?? fund.countyCode,
    allocation_id: m.allocationId,
    household_id: m.householdId ?? null,
    payee_type: m.payee?.type ?? null,
    payee_id: m.payee?.id ?? null,
    movement_id: m.movementId,
    global_position: p.stored.globalPosition,
  };
  out.movements.push(row);
  if (!village) return;
  const effect = m.kind === 'allocation' ? m.amountFen : -m.amountFen;
  const common = {
    fund_id: fundId,
    allocation_id: m.allocationId,
    household_id: m.householdId ?? null,
    amount_fen: m.amountFen,
  };
  out.timeline.push(
    timelineRow(p, village, m.date, { ...common, balance_effect_fen: effect }),
  );
  // A payment to a household of another village counts where the money was allocated, and
  // is also listed, without effect on the balance, in the household's own village.
  const householdVillage = m.householdId ? lookups.households.get(m.householdId) : undefined;
  if (householdVillage && householdVillage !== village) {
    out.timeline.push(timelineRow(p, householdVillage, m.date, common));
  }
}

function receive(p: ParsedEvent, e: EventOf<'FundReceived'>, lookups: Lookups, out: WriteSet) {
  const fundId = entityIdOfStream(p.stored.streamId);
  const d = e.data;
  lookups.funds.set(fundId, {
    category: d.category,
    fiscalYear: d.fiscalYear,
    countyCode: d.countyCode,
  });
  out.funds.push({
    fund_id: fundId,
    name: d.name,
    category: d.category,
    department: d.department,
    level: d.level,
    fiscal_year: d.fiscalYear,
    county_code: d.countyCode,
    amount_fen: d.amountFen,
    received_on: d.receivedOn,
  });
  const movementId = fundId;
  addMovement(p, lookups, out, {
    kind: 'receipt',
    date: d.receivedOn,
    amountFen: d.amountFen,
    movementId,
    allocationId: null,
  });
}

function allocate(p: ParsedEvent, e: EventOf<'FundAllocated'>, lookups: Lookups, out: WriteSet) {
  const fundId = entityIdOfStream(p.stored.streamId);
  const d = e.data;
  lookups.allocations.set(allocationKey(fundId, d.allocationId), d.villageCode);
  out.allocations.push({
    fund_id: fundId,
    allocation_id: d.allocationId,
    village_code: d.villageCode,
    target_type: d.target.type,
    target_id: d.target.id,
    amount_fen: d.amountFen,
    allocated_on: d.allocatedOn,
    per_household_cap_fen: d.perHouseholdCapFen ?? null,
  });
  addMovement(p, lookups, out, {
    kind: 'allocation',
    date: d.allocatedOn,
    amountFen: d.amountFen,
    movementId: d.allocationId,
    allocationId: d.allocationId,
  });
}

/**
 * A money workflow step that moves no money yet (a bank's confirmation, a disbursement
 * waiting for approval or rejected): listed in the allocation's village history, balance
 * unchanged.
 */
function moneyEntry(
  p: ParsedEvent,
  lookups: Lookups,
  out: WriteSet,
  allocationId: string,
  date: string,
  amountFen: number,
): void {
  const fundId = entityIdOfStream(p.stored.streamId);
  const village = villageOfAllocation(lookups, fundId, allocationId);
  out.timeline.push(timelineRow(p, village, date, {
    fund_id: fundId, allocation_id: allocationId, amount_fen: amountFen,
  }));
}

/** Handles fund-stream events; false when the event belongs to another stream family. */
function projectFundEvent(p: ParsedEvent, lookups: Lookups, out: WriteSet): boolean {
  const e = p.event;
  switch (e.type) {
    case 'FundReceived':
      receive(p, e, lookups, out);
      return true;
    case 'FundAllocated':
      allocate(p, e, lookups, out);
      return true;
    case 'FundDisbursed':
      addMovement(p, lookups, out, {
        kind: 'disbursement',
        date: e.data.paidOn,
        amountFen: e.data.amountFen,
        movementId: e.data.disbursementId,
        allocationId: e.data.allocationId,
        payee: e.data.payee,
      });
      return true;
    case 'HouseholdPaid':
      addMovement(p, lookups, out, {
        kind: 'payment',
        date: e.data.paidOn,
        amountFen: e.data.amountFen,
        movementId: e.data.paymentId,
        allocationId: e.data.allocationId,
        householdId: e.data.householdId,
      });
      return true;
    case 'FundReturned':
      addMovement(p, lookups, out, {
        kind: 'return',
        date: e.data.returnedOn,
        amountFen: e.data.amountFen,
        movementId: e.data.returnId,
        allocationId: e.data.allocationId ?? null,
      });
      return true;
    case 'HouseholdPaymentFailed':
      // The payment counts as not disbursed from settledOn on: a negative movement then.
      addMovement(p, lookups, out, {
        kind: 'payment_failed',
        date: e.data.settledOn,
        amountFen: -e.data.amountFen,
        movementId: e.data.paymentId,
        allocationId: e.data.allocationId,
      });
      return true;
    case 'HouseholdPaymentConfirmed':
      moneyEntry(p, lookups, out, e.data.allocationId, e.data.settledOn, e.data.amountFen);
      return true;
    case 'DisbursementRequested':
      moneyEntry(p, lookups, out, e.data.allocationId, e.data.paidOn, e.data.amountFen);
      return true;
    case 'DisbursementRejected':
      moneyEntry(p, lookups, out, e.data.allocationId, e.data.rejectedOn, e.data.amountFen);
      return true;
    case 'PaymentBatchSubmitted':
      // Its payments follow it in the stream, each listed in its allocation's village.
      return true;
    default:
      return false;
  }
}
