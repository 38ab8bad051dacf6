export { generateCounty, bulkBatches, GENERATOR_ACTOR, type GeneratedCounty,
  type GeneratedStream } from './county';
export { DEMO_COUNTY, HUAIAN_SCALE, scaleCounty, STREAM_CHUNK_EVENTS_MAX, type CountyOptions,
  type ResolvedCountyOptions } from './options';
export type { CountyPlan } from './plan';
export type { SuspiciousFact } from './plan-sprinkles';
export { FUND_CATEGORIES } from './catalog';
export { idCheckCharacter, isValidIdNumber } from './identity';
export { POVERTY_LINE_FEN } from './emit-households';
export { countyHouseholds } from './plan';
