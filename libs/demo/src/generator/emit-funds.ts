import type { DomainEvent } from '@sunshine/domain';
import { PAYMENT_CHANNELS } from './catalog';
import { dayOfMonth, monthIndex } from './dates';
import type { ResolvedCountyOptions } from './options';
import type { AllocationPlan, FundPlan } from './plan-funds';
import { PAYMENT_DAY } from './plan-funds';
import type { PlannedEvent } from './plan-projects';

/**
 * A fund's events for one generated month. Balances are tracked so that nothing is ever
 * allocated, paid, disbursed or returned beyond what is held.
 */

export interface FundState {
  unallocatedFen: number;
  remainingFen: Map<string, number>;
}

export const newFundState = (): FundState => ({ unallocatedFen: 0, remainingFen: new Map() });

const FUND_RETURN_DAY = 27;

function spend(state: FundState, allocationId: string, amountFen: number): boolean {
  const remaining = state.remainingFen.get(allocationId) ?? 0;
  if (amountFen > remaining) return false;
  state.remainingFen.set(allocationId, remaining - amountFen);
  return true;
}

function payment(allocation: AllocationPlan, paymentId: string, householdId: string,
  amountFen: number, paidOn: string): PlannedEvent {
  const channel = PAYMENT_CHANNELS[paymentId.length % PAYMENT_CHANNELS.length] ?? '一卡通';
  return { occurredOn: paidOn, event: { type: 'HouseholdPaid', data: {
    paymentId, allocationId: allocation.id, householdId, amountFen, paidOn, channel,
    voucherNo: `PZ-${paymentId}`,
  } } };
}

function allocationMonth(startDate: string, allocation: AllocationPlan, state: FundState,
  month: number, events: PlannedEvent[]): void {
  if (allocation.month === month) {
    const paidOn = dayOfMonth(startDate, month, PAYMENT_DAY);
    for (const household of allocation.paid) {
      if (!spend(state, allocation.id, allocation.monthlyFen)) continue;
      events.push(payment(allocation, `${allocation.id}-${household.index}`, household.id,
        allocation.monthlyFen, paidOn));
    }
  }
  for (const extra of allocation.extraPayments) {
    if (extra.month !== month || !spend(state, allocation.id, extra.amountFen)) continue;
    events.push(payment(allocation, extra.id, extra.householdId, extra.amountFen,
      dayOfMonth(startDate, month, extra.day)));
  }
  for (const d of allocation.disbursements) {
    if (monthIndex(startDate, d.paidOn) !== month || !spend(state, allocation.id, d.amountFen)) {
      continue;
    }
    events.push({ occurredOn: d.paidOn, event: { type: 'FundDisbursed', data: {
      disbursementId: d.id, allocationId: allocation.id, payee: d.payee, amountFen: d.amountFen,
      paidOn: d.paidOn, voucherNo: `PZ-${d.id}`,
    } } });
  }
  for (const r of allocation.returns) {
    const due = monthIndex(startDate, r.returnedOn) === month;
    if (!due || !spend(state, allocation.id, r.amountFen)) continue;
    events.push({ occurredOn: r.returnedOn, event: { type: 'FundReturned', data: {
      returnId: r.id, allocationId: allocation.id, amountFen: r.amountFen,
      returnedOn: r.returnedOn, reason: '项目结余资金收回',
    } } });
  }
}

function allocatedEvent(allocation: AllocationPlan): DomainEvent {
  const { id, target, village, amountFen, allocatedOn, perHouseholdCapFen } = allocation;
  const data = { allocationId: id, target, villageCode: village.code, amountFen, allocatedOn };
  return { type: 'FundAllocated', data: perHouseholdCapFen === undefined ? data :
    { ...data, perHouseholdCapFen } };
}

/** Part of some funds' unallocated margin goes back to the treasury in the last month. */
function closingReturn(startDate: string, fund: FundPlan, state: FundState, month: number,
  events: PlannedEvent[]): void {
  const amountFen = Math.min(fund.returnUnallocatedFen, state.unallocatedFen);
  if (amountFen <= 0) return;
  const returnedOn = dayOfMonth(startDate, month, FUND_RETURN_DAY);
  state.unallocatedFen -= amountFen;
  events.push({ occurredOn: returnedOn, event: { type: 'FundReturned', data: {
    returnId: `${fund.id}-r0`, amountFen, returnedOn, reason: '未分配资金缴回上级财政',
  } } });
}

export function fundMonth(
  options: ResolvedCountyOptions, fund: FundPlan, state: FundState, month: number,
): PlannedEvent[] {
  const { startDate, months } = options;
  const events: PlannedEvent[] = [];
  if (monthIndex(startDate, fund.receivedOn) === month) {
    const { name, category, level, fiscalYear, amountFen, receivedOn } = fund;
    events.push({ occurredOn: receivedOn, event: { type: 'FundReceived', data: {
      name, category: category.category, department: category.department, level, fiscalYear,
      countyCode: options.countyCode, amountFen, receivedOn,
    } } });
    state.unallocatedFen += amountFen;
  }
  for (const allocation of fund.allocations) {
    const allocatedMonth = monthIndex(startDate, allocation.allocatedOn);
    if (allocatedMonth > month) continue;
    if (allocatedMonth === month) {
      if (allocation.amountFen > state.unallocatedFen) {
        throw new Error(`generator bug: ${allocation.id} exceeds the fund's balance`);
      }
      state.unallocatedFen -= allocation.amountFen;
      state.remainingFen.set(allocation.id, allocation.amountFen);
      events.push({ occurredOn: allocation.allocatedOn, event: allocatedEvent(allocation) });
    }
    allocationMonth(startDate, allocation, state, month, events);
  }
  if (month === months - 1) closingReturn(startDate, fund, state, month, events);
  return events;
}
