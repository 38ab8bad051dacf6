import { fundStreamId, householdStreamId } from '@sunshine/domain';
import { PostgresEventStore } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import { DEFAULT_RULE_PARAMS } from './config';
import { AlertEngine } from './engine';
import { appendEvents, feedUntilCaughtUp } from './testing/events';
import { allocated, countyScenario, paid, registered } from './testing/scenario';

const AS_OF = '2024-09-01';

async function openEngine(url: string, store: PostgresEventStore): Promise<AlertEngine> {
  return AlertEngine.open({ databaseUrl: url, store, params: DEFAULT_RULE_PARAMS });
}

async function alertRules(engine: AlertEngine): Promise<string[]> {
  const { items } = await engine.list({ limit: 500 });
  return items.map((a) => `${a.rule}:${a.subject.id}`).sort();
}

describe('alert engine on PostgreSQL', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let engine: AlertEngine;

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    engine = await openEngine(server.url, store);
    for (const [streamId, events] of countyScenario()) await appendEvents(store, streamId, events);
    await feedUntilCaughtUp(store, engine.consumer);
  });

  afterAll(async () => {
    await engine.close();
    await store.close();
    await server.stop();
  });

  it('raises each event-driven finding once', async () => {
    expect(await alertRules(engine)).toEqual([
      'DISBURSEMENT_BEFORE_APPROVAL:d1',
      'DUPLICATE_PAYMENT:p2',
      'OVER_STANDARD_PAYMENT:p4',
      'PAYMENT_TO_INELIGIBLE_HOUSEHOLD:p3',
    ]);
    expect(await engine.position()).toBe(await store.headPosition());
  });

  it('raises the scan findings once, however often the scan runs', async () => {
    const first = await engine.scan(AS_OF);
    expect(first.raised).toBe(4);
    // Raised alerts are projected at once, so a repeat scan stops before the store.
    expect(await alertRules(engine)).toHaveLength(8);
    expect(await engine.scan(AS_OF)).toMatchObject({ found: 4, queued: 0, raised: 0 });
    await feedUntilCaughtUp(store, engine.consumer);
    const rules = await alertRules(engine);
    expect(rules).toEqual(
      expect.arrayContaining([
        'IDLE_ALLOCATION:a1',
        'IDLE_ALLOCATION:a2',
        'PROJECT_STALLED:pr1',
        'HIGH_RETENTION:320826',
      ]),
    );
    expect(rules).toHaveLength(8);
  });

  it('raises nothing twice after a restart and a redelivery of every event', async () => {
    const restarted = await openEngine(server.url, store);
    try {
      await feedUntilCaughtUp(store, restarted.consumer);
      const everything = await store.readAll({ after: 0, maxCount: 1000 });
      await restarted.consumer.handle(everything);
      await restarted.scan(AS_OF);
      await feedUntilCaughtUp(store, restarted.consumer);
      expect(await alertRules(restarted)).toHaveLength(8);
      expect(await store.listStreams('alert-', 100)).toHaveLength(8);
    } finally {
      await restarted.close();
    }
  });
});

describe('alert engine when streams arrive out of order', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let engine: AlertEngine;

  beforeEach(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    engine = await openEngine(server.url, store);
  });

  afterEach(async () => {
    await engine.close();
    await store.close();
    await server.stop();
  });

  it('does not flag a payment that arrives before its household registration', async () => {
    const [registration] = await appendEvents(store, householdStreamId('h9'), [
      registered('2023-01-01'),
    ]);
    const fundEvents = await appendEvents(store, fundStreamId('f9'), [
      allocated('a1', 1_000_000),
      paid('p9', 'h9', 10_000, '2024-02-01'),
    ]);
    await engine.consumer.handle(fundEvents);
    await engine.consumer.handle([registration!]);
    await feedUntilCaughtUp(store, engine.consumer);
    expect(await store.listStreams('alert-', 10)).toEqual([]);
  });

  it('flags a payment once a deregistration dated before it arrives later', async () => {
    const household = await appendEvents(store, householdStreamId('h8'), [
      registered('2023-01-01'),
    ]);
    const fundEvents = await appendEvents(store, fundStreamId('f8'), [
      allocated('a1', 1_000_000),
      paid('p8', 'h8', 10_000, '2024-02-01'),
    ]);
    const [deregistration] = await appendEvents(store, householdStreamId('h8'), [
      { type: 'HouseholdDeregistered', data: { deregisteredOn: '2024-01-15', reason: 'moved' } },
    ]);
    await engine.consumer.handle([...household, ...fundEvents]);
    expect(await store.listStreams('alert-', 10)).toEqual([]);
    await engine.consumer.handle([deregistration!]);
    await feedUntilCaughtUp(store, engine.consumer);
    expect(await alertRules(engine)).toEqual(['PAYMENT_TO_INELIGIBLE_HOUSEHOLD:p8']);
  });
});

describe('alert engine and the projection position', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let engine: AlertEngine;

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    engine = await openEngine(server.url, store);
  });

  afterAll(async () => {
    await engine.close();
    await store.close();
    await server.stop();
  });

  it('lists the alert a command caused once the position passes the command', async () => {
    const fundEvents = await appendEvents(store, fundStreamId('f7'), [
      allocated('a1', 1_000_000),
      paid('p7', 'nobody', 10_000, '2024-02-01'),
    ]);
    const commandPosition = fundEvents[fundEvents.length - 1]!.globalPosition;
    await engine.consumer.handle(fundEvents);
    expect(await engine.position()).toBeGreaterThanOrEqual(commandPosition);
    expect(await alertRules(engine)).toEqual(['PAYMENT_TO_INELIGIBLE_HOUSEHOLD:p7']);
  });
});
