import { Client } from 'pg';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { testEvents, uniqueStreamId } from '../testing';
import type { BulkAppendItem } from '../port';
import { PostgresEventStore } from './postgres-event-store';
import { ANALYZE_CHECK_ROWS } from './analyze';

jest.setTimeout(120_000);

const EVENTS_PER_ITEM = 500;
const EVENTS_PER_CALL = 8_000;
/** Calls until the rows written reach the check: only the last one may analyse. */
const CALLS = Math.ceil(ANALYZE_CHECK_ROWS / EVENTS_PER_CALL);

/** `count` events over streams of EVENTS_PER_ITEM, each a new stream. */
function items(count: number): BulkAppendItem[] {
  return Array.from({ length: Math.ceil(count / EVENTS_PER_ITEM) }, () => ({
    streamId: uniqueStreamId('bulk'),
    events: testEvents(EVENTS_PER_ITEM),
    expectedVersion: 'no_stream' as const,
  }));
}

describe('planner statistics of the event tables', () => {
  let server: TestPostgres;
  let client: Client;

  beforeAll(async () => {
    server = await startTestPostgres();
    client = new Client({ connectionString: server.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await server.stop();
  });

  const eventRowsEstimate = async (): Promise<number> => {
    const result = await client.query<{ rows: number }>(
      `SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = to_regclass('es_events')`,
    );
    return result.rows[0]?.rows ?? -1;
  };

  const modifiedSinceAnalyze = async (): Promise<number> => {
    const result = await client.query<{ n: string }>(
      `SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'es_events'`,
    );
    return Number(result.rows[0]?.n ?? 0);
  };

  it('analyses once a bulk import has written a share of the table, not before', async () => {
    const store = await PostgresEventStore.connect({ connectionString: server.url });
    try {
      expect(await eventRowsEstimate()).toBe(-1);
      for (let call = 1; call < CALLS; call += 1) await store.appendBulk(items(EVENTS_PER_CALL));
      expect(await eventRowsEstimate()).toBe(-1);
      await store.appendBulk(items(EVENTS_PER_CALL));
    } finally {
      // Closing waits for an ANALYZE under way.
      await store.close();
    }
    expect(await eventRowsEstimate()).toBe(CALLS * EVENTS_PER_CALL);
  });

  it('analyses at start-up the tables loaded since their last ANALYZE', async () => {
    const before = await eventRowsEstimate();
    const first = await PostgresEventStore.connect({ connectionString: server.url });
    await first.appendBulk(items(10_000));
    await first.close();
    // The server counts changed rows a little after the writer's session ends.
    await waitForAsync(async () => (await modifiedSinceAnalyze()) >= 10_000, 15_000);
    const again = await PostgresEventStore.connect({ connectionString: server.url });
    await again.close();
    expect(await eventRowsEstimate()).toBe(before + 10_000);
    expect(await modifiedSinceAnalyze()).toBe(0);
  });
});

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
