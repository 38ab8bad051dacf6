import { AlertEngine, DEFAULT_RULE_PARAMS } from '@sunshine/alerts';
import { PostgresEventStore, READ_BATCH_MAX } from '@sunshine/event-store';
import {
  bulkBatches,
  DEMO_COUNTY,
  generateCounty,
  startTestPostgres,
  type TestPostgres,
} from '@sunshine/testing';

/**
 * The demo county, imported into a real PostgreSQL store and fed to the alert engine, raises
 * an alert for every suspicious fact the generator planted, and the honest bulk of the
 * county raises nothing the plan does not explain.
 */

const FEED_BATCHES_MAX = 1000;
const SETUP_TIMEOUT_MS = 180_000;
/** The last day of the demo county's year. */
const SCAN_DATE = '2025-12-31';

async function feed(store: PostgresEventStore, engine: AlertEngine): Promise<void> {
  for (let i = 0; i < FEED_BATCHES_MAX; i += 1) {
    const after = await engine.position();
    const events = await store.readAll({ after, maxCount: READ_BATCH_MAX });
    if (events.length === 0) return;
    await engine.consumer.handle(events);
  }
  throw new Error('the alert engine did not catch up');
}

describe('the demo county through the alert engine', () => {
  const county = generateCounty(DEMO_COUNTY);
  let server: TestPostgres;
  let store: PostgresEventStore;
  let engine: AlertEngine;
  let alerts: string[];

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    for (const batch of bulkBatches(county)) await store.appendBulk(batch);
    engine = await AlertEngine.open({ databaseUrl: server.url, store,
      params: DEFAULT_RULE_PARAMS });
    await feed(store, engine);
    await engine.scan(SCAN_DATE);
    await feed(store, engine);
    const { items } = await engine.list({ limit: 500 });
    alerts = items.map((a) => `${a.rule}:${a.subject.id}`).sort();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await engine?.close();
    await store?.close();
    await server?.stop();
  });

  it('raises an alert for every planted suspicious fact', () => {
    const planted = county.suspicious.filter((s) => s.detectableFrom <= SCAN_DATE)
      .map((s) => `${s.rule}:${s.subject.id}`);
    expect(planted.length).toBeGreaterThanOrEqual(11);
    expect(planted.filter((fact) => !alerts.includes(fact))).toEqual([]);
  });

  it('raises nothing else but retention and idle money', () => {
    const planted = new Set(county.suspicious.map((s) => `${s.rule}:${s.subject.id}`));
    const unexplained = alerts.filter((a) => !planted.has(a));
    process.stderr.write(`unexplained: ${JSON.stringify(unexplained)}\n`);
    expect(unexplained.filter((a) => !/^(HIGH_RETENTION|IDLE_ALLOCATION):/.test(a)))
      .toEqual([]);
  });
});
