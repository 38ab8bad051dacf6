import { EVENT_SCHEMAS, type EventType } from '@sunshine/domain';
import type { NewEvent } from '@sunshine/event-store';
import {
  bulkBatches,
  DEMO_COUNTY,
  generateCounty,
  HUAIAN_SCALE,
  scaleCounty,
  isValidIdNumber,
  STREAM_CHUNK_EVENTS_MAX,
  type GeneratedStream,
} from '../index';

const collect = (seed: number, extra: object = {}): GeneratedStream[] => [
  ...generateCounty({ ...DEMO_COUNTY, seed, ...extra }),
];

const allEvents = (streams: GeneratedStream[]): NewEvent[] => streams.flatMap((s) => s.events);

describe('generateCounty for the demo county', () => {
  const streams = collect(DEMO_COUNTY.seed);
  const events = allEvents(streams);

  it('yields the same events for the same seed', () => {
    expect(JSON.stringify(collect(DEMO_COUNTY.seed))).toBe(JSON.stringify(streams));
  });

  it('yields different events for another seed', () => {
    expect(JSON.stringify(collect(DEMO_COUNTY.seed + 1))).not.toBe(JSON.stringify(streams));
  });

  it('writes every event in its current schema version and shape', () => {
    for (const event of events) {
      const entry = EVENT_SCHEMAS[event.type as EventType];
      expect(entry).toBeDefined();
      expect(event.schemaVersion).toBe(entry.version);
      expect(() => entry.schema.parse(event.data)).not.toThrow();
      expect(event.actor).toEqual({ sub: 'generator', role: 'admin' });
    }
  });

  it('keeps stream chunks within the bulk limit and versions contiguous', () => {
    const versions = new Map<string, number>();
    for (const stream of streams) {
      expect(stream.events.length).toBeGreaterThan(0);
      expect(stream.events.length).toBeLessThanOrEqual(STREAM_CHUNK_EVENTS_MAX);
      const before = versions.get(stream.streamId) ?? 0;
      expect(stream.expectedVersion).toBe(before === 0 ? 'no_stream' : before);
      versions.set(stream.streamId, before + stream.events.length);
    }
  });

  it('orders each stream by business date', () => {
    const last = new Map<string, string>();
    for (const stream of streams) {
      for (const event of stream.events) {
        expect(event.occurredOn >= (last.get(stream.streamId) ?? '')).toBe(true);
        last.set(stream.streamId, event.occurredOn);
      }
    }
  });

  it('gives every event a unique id', () => {
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it('defines the county, 2 towns, 6 villages and at least one weak village', () => {
    const regions = events.filter((e) => e.type === 'RegionDefined').map((e) => e.data);
    expect(regions.filter((r) => r.level === 'county')).toHaveLength(1);
    expect(regions.filter((r) => r.level === 'town')).toHaveLength(2);
    expect(regions.filter((r) => r.level === 'village')).toHaveLength(6);
    expect(regions.some((r) => r.weakVillage === true)).toBe(true);
  });

  it('registers 120 households with valid, unique resident id numbers', () => {
    const ids = events.filter((e) => e.type === 'HouseholdRegistered')
      .map((e) => String(e.data.idNumber));
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(ids.every(isValidIdNumber)).toBe(true);
  });

  it('covers 28 fund categories across 7 departments', () => {
    const receipts = events.filter((e) => e.type === 'FundReceived').map((e) => e.data);
    expect(new Set(receipts.map((r) => r.category)).size).toBe(28);
    expect(new Set(receipts.map((r) => r.department)).size).toBe(7);
  });

  it('plants a suspicious fact for each event-driven alert rule', () => {
    const rules = new Set(generateCounty(DEMO_COUNTY).suspicious.map((s) => s.rule));
    for (const rule of ['DUPLICATE_PAYMENT', 'PAYMENT_OUTSIDE_TARGET_AREA',
      'PAYMENT_TO_INELIGIBLE_HOUSEHOLD', 'OVER_STANDARD_PAYMENT', 'SPLIT_PAYMENTS',
      'IDLE_ALLOCATION', 'DISBURSEMENT_BEFORE_APPROVAL', 'FALSE_EXIT'] as const) {
      expect(rules).toContain(rule);
    }
  });

  it('gives every village a helper and plants the helper and asset rules', () => {
    const county = generateCounty(DEMO_COUNTY);
    const helpers = events.filter((e) => e.type === 'HelperRegistered');
    expect(helpers).toHaveLength(6);
    const assigned = events.filter((e) => e.type === 'HouseholdHelperAssigned').length;
    const unassigned = county.suspicious.filter((s) => s.rule === 'HOUSEHOLD_WITHOUT_HELPER');
    expect(assigned).toBeGreaterThan(100);
    expect(events.filter((e) => e.type === 'HouseholdVisited').length).toBeGreaterThan(300);
    expect(events.filter((e) => e.type === 'ProjectAssetRegistered').length).toBeGreaterThan(0);
    expect(assigned + unassigned.length).toBeLessThanOrEqual(120);
    const rules = new Set(county.suspicious.map((s) => s.rule));
    for (const rule of ['HOUSEHOLD_WITHOUT_HELPER', 'HOUSEHOLD_NOT_VISITED',
      'ASSET_NOT_REGISTERED'] as const) {
      expect(rules).toContain(rule);
    }
  });

  it('groups streams into bulk batches without repeating a stream in one call', () => {
    let total = 0;
    for (const batch of bulkBatches(streams, 200)) {
      const size = batch.reduce((sum, item) => sum + item.events.length, 0);
      expect(size).toBeLessThanOrEqual(200);
      expect(new Set(batch.map((b) => b.streamId)).size).toBe(batch.length);
      total += size;
    }
    expect(total).toBe(events.length);
  });
});

describe('generateCounty for larger counties', () => {
  it('marks about one village in nine as weak, as in Huai\'an', () => {
    const county = generateCounty({ seed: 3, towns: 4, villagesPerTown: 25,
      householdsPerVillage: 2, funds: 28, projects: 10 });
    expect(county.plan.villages.filter((v) => v.weak)).toHaveLength(11);
  });

  it('scales the Huai\'an preset by whole towns and keeps every fund category', () => {
    const tenth = scaleCounty(HUAIAN_SCALE, 0.1);
    expect(tenth).toMatchObject({ towns: 6, villagesPerTown: 25, householdsPerVillage: 100,
      funds: 56, projects: 51 });
    expect(scaleCounty(HUAIAN_SCALE, 0.001).funds).toBe(28);
    expect(() => scaleCounty(HUAIAN_SCALE, 0)).toThrow('positive');
  });

  it('rejects options outside their limits', () => {
    expect(() => generateCounty({ seed: 1, towns: 0 })).toThrow('towns');
    expect(() => generateCounty({ seed: 1, startDate: '2025-01-15' })).toThrow('startDate');
    expect(() => generateCounty({ seed: 1, countyCode: '32' })).toThrow('countyCode');
  });
});
