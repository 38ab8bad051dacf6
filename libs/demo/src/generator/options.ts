/** Options of the synthetic county generator, its presets and their defaults. */

export interface CountyOptions {
  seed: number;
  countyCode?: string;
  towns?: number;
  villagesPerTown?: number;
  householdsPerVillage?: number;
  funds?: number;
  projects?: number;
  months?: number;
  /** First business day of the generated period, YYYY-MM-DD (the first of a month). */
  startDate?: string;
}

export type ResolvedCountyOptions = Required<CountyOptions>;

/** Codes give three digits to a town within a county and to a village within a town. */
export const TOWNS_MAX = 899;
export const VILLAGES_PER_TOWN_MAX = 799;
export const HOUSEHOLDS_PER_VILLAGE_MAX = 9_999;
export const MONTHS_MAX = 60;
/** appendBulk takes many streams a call; each yielded chunk stays within this. */
export const STREAM_CHUNK_EVENTS_MAX = 500;

/** A small county for demos and tests: 2 towns × 3 villages × 20 households. */
export const DEMO_COUNTY: ResolvedCountyOptions = {
  seed: 20_240_601,
  countyCode: '320826',
  towns: 2,
  villagesPerTown: 3,
  householdsPerVillage: 20,
  funds: 28,
  projects: 6,
  months: 12,
  startDate: '2025-01-01',
};

/**
 * A county the size of Huai'an (SPEC §9): 1,500 villages, 150,000 households, 514 projects,
 * 560 funds of 28 categories, a year of quarterly incomes and monthly payments: about
 * 2 million events.
 */
export const HUAIAN_SCALE: ResolvedCountyOptions = {
  seed: 320_800,
  countyCode: '320826',
  towns: 60,
  villagesPerTown: 25,
  householdsPerVillage: 100,
  funds: 560,
  projects: 514,
  months: 12,
  startDate: '2025-01-01',
};

/**
 * The preset shrunk (or grown) by a factor in the number of towns, funds and projects, so
 * that the event count scales roughly linearly while villages keep their shape.
 */
export function scaleCounty(
  preset: ResolvedCountyOptions,
  factor: number,
): ResolvedCountyOptions {
  if (!(factor > 0)) throw new Error(`scale factor must be positive, got ${factor}`);
  const scale = (value: number): number => Math.max(1, Math.round(value * factor));
  return {
    ...preset,
    towns: Math.min(TOWNS_MAX, scale(preset.towns)),
    funds: Math.max(FUND_CATEGORY_COUNT, scale(preset.funds)),
    projects: scale(preset.projects),
  };
}

const FUND_CATEGORY_COUNT = 28;

function assertRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

export function resolveOptions(options: CountyOptions): ResolvedCountyOptions {
  const resolved: ResolvedCountyOptions = {
    seed: options.seed,
    countyCode: options.countyCode ?? DEMO_COUNTY.countyCode,
    towns: options.towns ?? DEMO_COUNTY.towns,
    villagesPerTown: options.villagesPerTown ?? DEMO_COUNTY.villagesPerTown,
    householdsPerVillage: options.householdsPerVillage ?? DEMO_COUNTY.householdsPerVillage,
    funds: options.funds ?? DEMO_COUNTY.funds,
    projects: options.projects ?? DEMO_COUNTY.projects,
    months: options.months ?? DEMO_COUNTY.months,
    startDate: options.startDate ?? DEMO_COUNTY.startDate,
  };
  assertRange('seed', resolved.seed, 0, 2 ** 32 - 1);
  if (!/^\d{6}$/.test(resolved.countyCode)) throw new Error('countyCode must have 6 digits');
  assertRange('towns', resolved.towns, 1, TOWNS_MAX);
  assertRange('villagesPerTown', resolved.villagesPerTown, 1, VILLAGES_PER_TOWN_MAX);
  assertRange('householdsPerVillage', resolved.householdsPerVillage, 1,
    HOUSEHOLDS_PER_VILLAGE_MAX);
  assertRange('funds', resolved.funds, 1, 100_000);
  assertRange('projects', resolved.projects, 0, 100_000);
  assertRange('months', resolved.months, 1, MONTHS_MAX);
  if (!/^\d{4}-\d{2}-01$/.test(resolved.startDate)) {
    throw new Error('startDate must be the first day of a month, YYYY-MM-01');
  }
  return resolved;
}
