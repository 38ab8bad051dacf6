import { addDays, monthStart } from './dates';
import type { ResolvedCountyOptions } from './options';
import type { HouseholdPlan, VillagePlan } from './plan-people';
import type { SuspiciousFact } from './plan-sprinkles';
import { hash32, unitOf } from './prng';

/**
 * Helpers (帮扶责任人) and their visits (SPEC §13). Every village has a helper; every
 * household is assigned to its village's helper shortly before the generated period and
 * visited every VISIT_EVERY_DAYS, so that no honest household ever goes more than the
 * 90 days of HOUSEHOLD_NOT_VISITED without a visit. A few households are planted: never
 * assigned (HOUSEHOLD_WITHOUT_HELPER) or no longer visited (HOUSEHOLD_NOT_VISITED); both
 * stay in poverty, so that the rules judge them. Decisions come from hashes of the seed,
 * not from the shared random sequence, so that the rest of the county stays as it was.
 */

export const VISIT_DAYS = 90;
export const HELPER_DEADLINE_DAYS = 30;
/** Shorter than VISIT_DAYS with room to spare. */
export const VISIT_EVERY_DAYS = 85;
/** Households planted as no longer visited, and as never assigned. */
export const OVERDUE_SHARE = 0.01;
export const UNASSIGNED_SHARE = 0.005;
/** Households whose income drifts down toward the watch line, and that suffer a shock. */
export const DRIFT_SHARE = 0.05;
export const SHOCK_SHARE = 0.01;
/** The planted overdue households are visited only until this many days into the period. */
const OVERDUE_VISITS_DAYS = 100;
const ASSIGNMENT_DAYS_BEFORE_MAX = 20;

export interface HelperPlan {
  id: string;
  name: string;
  unit: string;
  village: VillagePlan;
}

export const helperIdOf = (village: VillagePlan): string => `hp-${village.code}`;

export function planHelpers(villages: VillagePlan[]): HelperPlan[] {
  return villages.map((village) => ({
    id: helperIdOf(village),
    name: `${village.name}帮扶责任人`,
    unit: village.weak ? '县直机关驻村工作队' : '镇农经站',
    village,
  }));
}

/** The visit dates of a household from its assignment, before `until`. */
export function visitDates(since: string, until: string): string[] {
  const dates: string[] = [];
  for (let on = addDays(since, VISIT_EVERY_DAYS); on < until; on = addDays(on, VISIT_EVERY_DAYS)) {
    dates.push(on);
  }
  return dates;
}

function eligibleForPlanting(household: HouseholdPlan): boolean {
  return household.deregisterMonth === undefined && !household.falseExit &&
    household.crossCheckMonth === undefined;
}

/** The `share` of `households` (at least one) ranked by a hash of the seed and `tag`. */
function planted(seed: number, tag: string, households: HouseholdPlan[], share: number):
Set<HouseholdPlan> {
  const count = Math.max(1, Math.round(households.length * share));
  const ranked = [...households].sort(
    (a, b) => hash32(seed, tag, a.index) - hash32(seed, tag, b.index));
  return new Set(ranked.slice(0, count));
}

/** Sets each household's care and income drift; returns the planted facts. */
export function planCare(
  options: ResolvedCountyOptions,
  households: HouseholdPlan[],
): SuspiciousFact[] {
  const { seed, startDate } = options;
  const endDate = monthStart(startDate, options.months);
  const eligible = households.filter(eligibleForPlanting);
  const unassigned = planted(seed, 'unassigned', eligible, UNASSIGNED_SHARE);
  const overdue = planted(seed, 'overdue', eligible.filter((h) => !unassigned.has(h)),
    OVERDUE_SHARE);
  const facts: SuspiciousFact[] = [];
  for (const household of households) {
    const u = (tag: string) => unitOf(seed, tag, household.index);
    if (u('drift') < DRIFT_SHARE) household.incomeDrift = u('shock') < SHOCK_SHARE / DRIFT_SHARE
      ? 'shock' : 'down';
    const subject = { type: 'household', id: household.id };
    if (unassigned.has(household)) {
      household.staysPoor = true;
      facts.push({ rule: 'HOUSEHOLD_WITHOUT_HELPER', subject,
        note: 'never assigned a helper',
        detectableFrom: addDays(household.registeredOn, HELPER_DEADLINE_DAYS + 1) });
      continue;
    }
    const since = addDays(startDate, -1 - Math.floor(u('since') * ASSIGNMENT_DAYS_BEFORE_MAX));
    household.care = { helperId: helperIdOf(household.village), since, visitsUntil: endDate };
    if (overdue.has(household)) {
      const until = addDays(startDate, OVERDUE_VISITS_DAYS);
      household.care.visitsUntil = until;
      household.staysPoor = true;
      const last = visitDates(since, until).at(-1) ?? since;
      facts.push({ rule: 'HOUSEHOLD_NOT_VISITED', subject,
        note: 'its helper stopped visiting',
        detectableFrom: addDays(last, VISIT_DAYS + 1) });
    }
  }
  return facts;
}
