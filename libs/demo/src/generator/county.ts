import type { BulkAppendItem, ExpectedVersion, NewEvent } from '@sunshine/event-store';
import { EVENT_SCHEMAS, fundStreamId, helperStreamId, householdStreamId, projectStreamId,
  regionStreamId } from '@sunshine/domain';
import { fundMonth, newFundState } from './emit-funds';
import { householdMonth, newHouseholdState } from './emit-households';
import { resolveOptions, STREAM_CHUNK_EVENTS_MAX, type CountyOptions,
  type ResolvedCountyOptions } from './options';
import { planCounty, type CountyPlan } from './plan';
import { regionsDefinedOn } from './plan-people';
import type { PlannedEvent } from './plan-projects';
import type { SuspiciousFact } from './plan-sprinkles';
import { deterministicUuid, hash32 } from './prng';
import { monthIndex } from './dates';

/** One stream's next events, ready for `appendBulk` (at most 500 events). */
export interface GeneratedStream {
  streamId: string;
  events: NewEvent[];
  /** The stream's version before these events ('no_stream' for its first chunk). */
  expectedVersion: ExpectedVersion;
}

export interface GeneratedCounty extends Iterable<GeneratedStream> {
  options: ResolvedCountyOptions;
  plan: CountyPlan;
  /** The planted facts each alert rule should find. */
  suspicious: SuspiciousFact[];
}

export const GENERATOR_ACTOR = { sub: 'generator', role: 'admin' } as const;

const EVENT_ID_SALT = 1;
const CORRELATION_SALT = 2;

function* chunks(plan: CountyPlan, streamId: string, planned: PlannedEvent[],
  counters: { events: number; commands: number; versions: Map<string, number> },
): Generator<GeneratedStream> {
  if (planned.length === 0) return;
  const { seed, countyCode } = plan.options;
  const salt = hash32(countyCode);
  const ordered = [...planned].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 :
    a.occurredOn > b.occurredOn ? 1 : 0));
  for (let from = 0; from < ordered.length; from += STREAM_CHUNK_EVENTS_MAX) {
    counters.commands += 1;
    const correlationId = deterministicUuid(seed, salt ^ CORRELATION_SALT, counters.commands);
    const events = ordered.slice(from, from + STREAM_CHUNK_EVENTS_MAX).map(({ event,
      occurredOn }): NewEvent => {
      counters.events += 1;
      return {
        type: event.type,
        schemaVersion: EVENT_SCHEMAS[event.type].version,
        data: event.data,
        occurredOn,
        eventId: deterministicUuid(seed, salt ^ EVENT_ID_SALT, counters.events),
        actor: { ...GENERATOR_ACTOR },
        correlationId,
        causationId: correlationId,
      };
    });
    const version = counters.versions.get(streamId) ?? 0;
    counters.versions.set(streamId, version + events.length);
    yield { streamId, events, expectedVersion: version === 0 ? 'no_stream' : version };
  }
}

function regionEvents(plan: CountyPlan): { streamId: string; planned: PlannedEvent[] }[] {
  const on = regionsDefinedOn(plan.options);
  const defined = (code: string, name: string, level: 'county' | 'town' | 'village',
    weak?: boolean) => ({
    streamId: regionStreamId(code),
    planned: [{ occurredOn: on, event: { type: 'RegionDefined' as const, data:
      weak === undefined ? { code, name, level } : { code, name, level, weakVillage: weak } } }],
  });
  return [
    defined(plan.county.code, plan.county.name, 'county'),
    ...plan.towns.map((t) => defined(t.code, t.name, 'town')),
    ...plan.villages.map((v) => defined(v.code, v.name, 'village', v.weak)),
  ];
}

/** Each village's helper, registered with the regions, before any household. */
function helperEvents(plan: CountyPlan): { streamId: string; planned: PlannedEvent[] }[] {
  const on = regionsDefinedOn(plan.options);
  return plan.helpers.map((helper) => ({
    streamId: helperStreamId(helper.id),
    planned: [{ occurredOn: on, event: { type: 'HelperRegistered' as const, data: {
      name: helper.name, unit: helper.unit, villageCodes: [helper.village.code] } } }],
  }));
}

function* emitCounty(plan: CountyPlan): Generator<GeneratedStream> {
  const { options } = plan;
  const counters = { events: 0, commands: 0, versions: new Map<string, number>() };
  const householdStates = plan.households.map(newHouseholdState);
  const fundStates = plan.funds.map(newFundState);
  for (const stream of [...regionEvents(plan), ...helperEvents(plan)]) {
    yield* chunks(plan, stream.streamId, stream.planned, counters);
  }
  for (let month = 0; month < options.months; month += 1) {
    for (const household of plan.households) {
      const state = householdStates[household.index] ?? newHouseholdState();
      const planned = householdMonth(options.seed, options.startDate, household, state, month);
      yield* chunks(plan, householdStreamId(household.id), planned, counters);
    }
    for (const project of plan.projects) {
      const planned = project.events.filter(
        (e) => Math.max(0, monthIndex(options.startDate, e.occurredOn)) === month);
      yield* chunks(plan, projectStreamId(project.id), planned, counters);
    }
    for (const fund of plan.funds) {
      const state = fundStates[fund.index] ?? newFundState();
      yield* chunks(plan, fundStreamId(fund.id), fundMonth(options, fund, state, month),
        counters);
    }
  }
}

/**
 * A synthetic county, deterministic for its seed: regions, households, projects and funds,
 * written month by month so that streams interleave in roughly business-date order. The
 * result can be iterated any number of times and yields the same events each time.
 */
export function generateCounty(options: CountyOptions): GeneratedCounty {
  const resolved = resolveOptions(options);
  const plan = planCounty(resolved);
  return {
    options: resolved,
    plan,
    suspicious: plan.suspicious,
    [Symbol.iterator]: () => emitCounty(plan),
  };
}

/**
 * Groups generated streams into `appendBulk` calls of at most `maxEvents` events. A
 * stream appears at most once per call, so its expected version stays exact.
 */
export function* bulkBatches(
  streams: Iterable<GeneratedStream>, maxEvents = STREAM_CHUNK_EVENTS_MAX,
): Generator<BulkAppendItem[]> {
  let batch: BulkAppendItem[] = [];
  let size = 0;
  let ids = new Set<string>();
  for (const stream of streams) {
    if (size + stream.events.length > maxEvents || ids.has(stream.streamId)) {
      if (batch.length > 0) yield batch;
      batch = [];
      size = 0;
      ids = new Set();
    }
    batch.push(stream);
    size += stream.events.length;
    ids.add(stream.streamId);
  }
  if (batch.length > 0) yield batch;
}
