import type { DomainEvent } from '@sunshine/domain';
import { DEREGISTRATION_REASONS, RETURN_TO_POVERTY_REASONS, CROSS_CHECK_DETAILS } from './catalog';
import { dayOfMonth, isQuarterEnd, monthIndex, quarterOf } from './dates';
import { visitDates } from './plan-care';
import type { HouseholdPlan } from './plan-people';
import type { PlannedEvent } from './plan-projects';
import { rngFor, unitOf } from './prng';

/** A household's events for one generated month, in business-date order. */

export const POVERTY_LINE_FEN = 600_000;
export const EXIT_CHANCE_PER_QUARTER = 0.35;
export const RETURN_TO_POVERTY_SHARE = 0.1;
export const ONE_OFF_CHANCE = 0.15;
export const CROSS_CHECK_DAY = 20;
export const EXIT_DAY = 28;
/** A drifting household loses this share of its regular income with each record. */
export const DRIFT_PER_RECORD = 0.08;
/** A shocked household's income falls to this share from its third record on. */
export const SHOCK_SHARE_OF_INCOME = 0.6;
const VISIT_NOTE = '入户走访，了解收入与务工情况';

export interface HouseholdState {
  status: 'poor' | 'exited' | 'deregistered';
  exitedMonth: number;
  incomeRecords: number;
  returned: boolean;
}

export const newHouseholdState = (): HouseholdState => ({
  status: 'poor', exitedMonth: -1, incomeRecords: 0, returned: false,
});

function incomeEvent(seed: number, household: HouseholdPlan, state: HouseholdState,
  recordedOn: string, month: number): { event: DomainEvent; regularPerMemberFen: number } {
  const rng = rngFor(seed, 'income', household.index, month);
  const falseExit = household.falseExit && state.incomeRecords === 0;
  const regularPerMemberFen = falseExit
    ? Math.floor(POVERTY_LINE_FEN * 0.85)
    : Math.round(household.incomePerMemberFen * (1 + 0.02 * state.incomeRecords) *
      (0.9 + 0.2 * rng.next()) * driftFactor(household, state.incomeRecords));
  const oneOffFen = falseExit
    ? Math.ceil(POVERTY_LINE_FEN * 0.25) * household.members
    : rng.chance(ONE_OFF_CHANCE) ? rng.int(30_000, 300_000) : 0;
  const total = regularPerMemberFen * household.members;
  const wagesFen = Math.floor(total * 0.55);
  const businessFen = Math.floor(total * 0.15);
  const propertyFen = Math.floor(total * 0.03);
  const otherFen = Math.floor(total * 0.07);
  const transferFen = total - wagesFen - businessFen - propertyFen - otherFen + oneOffFen;
  const event: DomainEvent = { type: 'HouseholdIncomeRecorded', data: {
    period: `${recordedOn.slice(0, 4)}Q${quarterOf(recordedOn)}`,
    wagesFen, businessFen, propertyFen, transferFen, otherFen,
    oneOffTransfers: oneOffFen > 0 ? [{ kind: '医疗报销', amountFen: oneOffFen }] : [],
    recordedOn,
  } };
  return { event, regularPerMemberFen };
}

/** How far a household's income has drifted down by its `records`-th record. */
function driftFactor(household: HouseholdPlan, records: number): number {
  switch (household.incomeDrift) {
    case 'down':
      return Math.max(0.5, 1 - DRIFT_PER_RECORD * records);
    case 'shock':
      return records >= 2 ? SHOCK_SHARE_OF_INCOME : 1;
    default:
      return 1;
  }
}

/** The helper's assignment (month 0) and the visits dated in `month`. */
function careEvents(startDate: string, household: HouseholdPlan, month: number): PlannedEvent[] {
  const care = household.care;
  if (!care) return [];
  const events: PlannedEvent[] = [];
  if (month === 0) {
    events.push({ occurredOn: care.since, event: { type: 'HouseholdHelperAssigned',
      data: { helperId: care.helperId, since: care.since } } });
  }
  for (const visitedOn of visitDates(care.since, care.visitsUntil)) {
    if (monthIndex(startDate, visitedOn) !== month) continue;
    events.push({ occurredOn: visitedOn, event: { type: 'HouseholdVisited',
      data: { helperId: care.helperId, visitedOn, note: VISIT_NOTE, evidence: [] } } });
  }
  return events;
}

function quarterEnd(seed: number, household: HouseholdPlan, state: HouseholdState,
  startDate: string, month: number, events: PlannedEvent[]): void {
  const recordedOn = dayOfMonth(startDate, month, 25);
  const falseExit = household.falseExit && state.incomeRecords === 0;
  const { event, regularPerMemberFen } = incomeEvent(seed, household, state, recordedOn, month);
  events.push({ occurredOn: recordedOn, event });
  state.incomeRecords += 1;
  if (state.status !== 'poor') return;
  const honest = !household.falseExit && !household.staysPoor && regularPerMemberFen >= POVERTY_LINE_FEN * 1.1 &&
    unitOf(seed, 'exit', household.index, month) < EXIT_CHANCE_PER_QUARTER;
  if (falseExit || honest) {
    const exitedOn = dayOfMonth(startDate, month, EXIT_DAY);
    events.push({ occurredOn: exitedOn, event: { type: 'HouseholdExitedPoverty',
      data: { exitedOn } } });
    state.status = 'exited';
    state.exitedMonth = month;
  }
}

export function householdMonth(
  seed: number, startDate: string, household: HouseholdPlan, state: HouseholdState,
  month: number,
): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  if (month === 0) {
    const { village, headName, idNumber, members, registeredOn } = household;
    events.push({ occurredOn: registeredOn, event: { type: 'HouseholdRegistered', data: {
      villageCode: village.code, headName, idNumber, members, registeredOn } } });
  }
  if (state.status === 'deregistered') return events;
  if (household.deregisterMonth === month) {
    const deregisteredOn = dayOfMonth(startDate, month, 15);
    const reason = DEREGISTRATION_REASONS[household.index % DEREGISTRATION_REASONS.length] ?? '';
    events.push({ occurredOn: deregisteredOn, event: { type: 'HouseholdDeregistered',
      data: { deregisteredOn, reason } } });
    state.status = 'deregistered';
    return events;
  }
  events.push(...careEvents(startDate, household, month));
  if (household.crossCheckMonth === month) {
    const source = household.crossCheckSource ?? 'other';
    const recordedOn = dayOfMonth(startDate, month, CROSS_CHECK_DAY);
    events.push({ occurredOn: recordedOn, event: { type: 'CrossCheckHitRecorded',
      data: { source, detail: CROSS_CHECK_DETAILS[source] ?? source, recordedOn } } });
  }
  if (state.status === 'exited' && !state.returned && month - state.exitedMonth >= 6 &&
    !household.falseExit && unitOf(seed, 'return', household.index) < RETURN_TO_POVERTY_SHARE) {
    const returnedOn = dayOfMonth(startDate, month, 22);
    const reasons = RETURN_TO_POVERTY_REASONS;
    events.push({ occurredOn: returnedOn, event: { type: 'HouseholdReturnedToPoverty',
      data: { returnedOn, reason: reasons[household.index % reasons.length] ?? '' } } });
    state.status = 'poor';
    state.returned = true;
  }
  if (isQuarterEnd(dayOfMonth(startDate, month, 1))) {
    quarterEnd(seed, household, state, startDate, month, events);
  }
  return events;
}
