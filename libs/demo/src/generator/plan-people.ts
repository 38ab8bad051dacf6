import { CROSS_CHECK_SOURCES } from '@sunshine/domain';
import { countyName, placeName } from './catalog';
import { addDays } from './dates';
import { chineseName, residentIdNumber } from './identity';
import type { ResolvedCountyOptions } from './options';
import { hash32, mulberry32 } from './prng';

/** The regions and households of a county, planned before any event is written. */

export interface VillagePlan {
  index: number;
  code: string;
  name: string;
  townCode: string;
  weak: boolean;
}

export interface TownPlan {
  code: string;
  name: string;
}

export interface HouseholdPlan {
  index: number;
  id: string;
  village: VillagePlan;
  headName: string;
  idNumber: string;
  members: number;
  /** Yearly regular income per member at the start, fen. */
  incomePerMemberFen: number;
  registeredOn: string;
  deregisterMonth?: number;
  crossCheckMonth?: number;
  crossCheckSource?: (typeof CROSS_CHECK_SOURCES)[number];
  /** Exits on its first income record with income above the line only by one-offs. */
  falseExit: boolean;
  /** Its helper from `since`, visited until `visitsUntil` (plan-care.ts); none if unset. */
  care?: { helperId: string; since: string; visitsUntil: string };
  /** Never exits poverty (a planted household the helper rules must judge). */
  staysPoor?: boolean;
  /** Income falling toward the watch line: steadily, or by a shock in one quarter. */
  incomeDrift?: 'down' | 'shock';
}

/** About 170 weak villages among 1,500 in Huai'an. */
export const WEAK_VILLAGE_SHARE = 0.113;
export const DEREGISTRATION_SHARE = 0.003;
export const CROSS_CHECK_SHARE = 0.004;
const REGISTRATION_DAYS_BEFORE_MAX = 1500;
const REGISTRATION_DAYS_BEFORE_MIN = 30;

export function regionsDefinedOn(options: ResolvedCountyOptions): string {
  return addDays(options.startDate, -(REGISTRATION_DAYS_BEFORE_MAX + 100));
}

/**
 * Marks exactly the weak share of villages (at least one), chosen by a seeded hash so that
 * they are scattered over the towns.
 */
function markWeakVillages(seed: number, villages: VillagePlan[]): void {
  const count = Math.max(1, Math.round(villages.length * WEAK_VILLAGE_SHARE));
  const ranked = [...villages].sort(
    (a, b) => hash32(seed, 'weak', a.index) - hash32(seed, 'weak', b.index));
  for (const village of ranked.slice(0, count)) village.weak = true;
}

export function planRegions(options: ResolvedCountyOptions): {
  county: TownPlan;
  towns: TownPlan[];
  villages: VillagePlan[];
} {
  const county = { code: options.countyCode, name: countyName(options.countyCode) };
  const towns: TownPlan[] = [];
  const villages: VillagePlan[] = [];
  for (let t = 0; t < options.towns; t += 1) {
    const townCode = `${options.countyCode}${String(100 + t).padStart(3, '0')}`;
    towns.push({ code: townCode, name: placeName(t, '镇') });
    for (let v = 0; v < options.villagesPerTown; v += 1) {
      const index = villages.length;
      villages.push({
        index,
        code: `${townCode}${String(200 + v).padStart(3, '0')}`,
        name: placeName(index, '村'),
        townCode,
        weak: false,
      });
    }
  }
  markWeakVillages(options.seed, villages);
  return { county, towns, villages };
}

export function planHouseholds(
  options: ResolvedCountyOptions,
  villages: VillagePlan[],
): HouseholdPlan[] {
  const rng = mulberry32(options.seed ^ 0x5eed_0001);
  const taken = new Set<string>();
  const households: HouseholdPlan[] = [];
  for (const village of villages) {
    for (let n = 0; n < options.householdsPerVillage; n += 1) {
      const index = households.length;
      const [low, high] = village.weak ? [350_000, 1_000_000] : [450_000, 1_400_000];
      const household: HouseholdPlan = {
        index,
        id: `h-${village.code}-${String(n + 1).padStart(4, '0')}`,
        village,
        headName: chineseName(rng),
        idNumber: residentIdNumber(rng, options.countyCode, taken),
        members: rng.int(1, 6),
        incomePerMemberFen: rng.int(low, high),
        registeredOn: addDays(
          options.startDate,
          -rng.int(REGISTRATION_DAYS_BEFORE_MIN, REGISTRATION_DAYS_BEFORE_MAX),
        ),
        falseExit: false,
      };
      if (rng.chance(DEREGISTRATION_SHARE)) {
        household.deregisterMonth = rng.int(0, options.months - 1);
      }
      if (rng.chance(CROSS_CHECK_SHARE)) {
        household.crossCheckMonth = rng.int(0, options.months - 1);
        household.crossCheckSource = rng.pick(CROSS_CHECK_SOURCES);
      }
      households.push(household);
    }
  }
  return households;
}
