import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import type { PoolClient } from 'pg';
import { testEvents, uniqueStreamId } from '../testing';
import type { BulkAppendItem, NewEvent } from '../port';
import { BULK_PIPELINE_ROWS } from './bulk';
import { PostgresEventStore } from './postgres-event-store';

jest.setTimeout(120_000);

/** A failed 5,000-event bulk append answers well within this; a stall never does. */
const FAILS_WITHIN_MS = 10_000;
const BULK_EVENTS = 5_000;
const ITEM_EVENTS = 500;

/** Items of ITEM_EVENTS for one stream, whose events are `events`, in order. */
function itemsOf(streamId: string, events: NewEvent[]): BulkAppendItem[] {
  const items: BulkAppendItem[] = [];
  for (let start = 0; start < events.length; start += ITEM_EVENTS) {
    const expectedVersion = start === 0 ? 'no_stream' : start;
    items.push({ streamId, events: events.slice(start, start + ITEM_EVENTS), expectedVersion });
  }
  return items;
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Watches the SQL the pool's clients send, and how many were outstanding at each send. */
interface QueryLog {
  sent: string[];
  outstandingMax: number;
}

function watchQueries(store: PostgresEventStore): QueryLog {
  const log: QueryLog = { sent: [], outstandingMax: 0 };
  const watched = new WeakSet<PoolClient>();
  store.pool.on('acquire', (client) => {
    if (watched.has(client)) return;
    watched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let outstanding = 0;
    const counting = (...args: unknown[]): unknown => {
      // pool.query passes a callback and reads no promise: not part of a transaction.
      if (typeof args.at(-1) === 'function') return query(...args);
      log.sent.push(String(args[0]).trim().split(/\s+/, 3).join(' '));
      outstanding += 1;
      log.outstandingMax = Math.max(log.outstandingMax, outstanding);
      return query(...args).finally(() => void (outstanding -= 1));
    };
    client.query = counting as PoolClient['query'];
  });
  return log;
}

describe('PostgreSQL bulk append: a failure in the middle of the INSERTs', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url, poolSizeMax: 2 });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  async function expectNothingAppended(streamId: string, headBefore: number): Promise<void> {
    expect(await store.streamVersion(streamId)).toBe(0);
    const rows = await store.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM es_events WHERE stream_id = $1',
      [streamId],
    );
    expect(Number(rows.rows[0]?.n)).toBe(0);
    expect(await store.headPosition()).toBe(headBefore);
  }

  it('rejects with the duplicate event id and rolls the whole bulk back', async () => {
    const taken = uniqueStreamId('fund');
    const [first] = (await store.append(taken, testEvents(1), { expectedVersion: 'no_stream' }))
      .events;
    const streamId = uniqueStreamId('fund');
    const events = testEvents(BULK_EVENTS);
    // Far enough in that several INSERTs succeed before it and many follow it.
    const culprit = 2 * BULK_PIPELINE_ROWS + 123;
    events[culprit] = { ...events[culprit]!, eventId: first!.eventId };
    const headBefore = await store.headPosition();
    const log = watchQueries(store);

    const failure = await within(
      store.appendBulk(itemsOf(streamId, events)).then(
        () => undefined,
        (error: unknown) => error,
      ),
      FAILS_WITHIN_MS,
    );

    expect(failure).toMatchObject({ code: '23505', constraint: 'es_events_event_id_key' });
    await expectNothingAppended(streamId, headBefore);
    // The INSERT that failed is the last one sent; the transaction is rolled back at once
    // instead of sending the rest into an aborted transaction, and no INSERT waits queued
    // on the connection behind another.
    const inserts = log.sent.filter((sql) => sql.startsWith('INSERT INTO es_events'));
    expect(inserts).toHaveLength(Math.floor(culprit / BULK_PIPELINE_ROWS) + 1);
    expect(log.sent.slice(log.sent.lastIndexOf(inserts.at(-1)!) + 1)).toEqual(['ROLLBACK']);
    expect(log.outstandingMax).toBe(1);
  });

  it('rejects with the value the server refused and keeps the store usable', async () => {
    const streamId = uniqueStreamId('fund');
    const events = testEvents(BULK_EVENTS);
    events[3_777] = { ...events[3_777]!, occurredOn: '2024-02-30' };
    const headBefore = await store.headPosition();

    await expect(within(store.appendBulk(itemsOf(streamId, events)), FAILS_WITHIN_MS))
      .rejects.toMatchObject({ code: '22008' });
    await expectNothingAppended(streamId, headBefore);

    // Every pooled connection still works: the failed transaction left none aborted.
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        store.appendBulk(itemsOf(uniqueStreamId('fund'), testEvents(2 * ITEM_EVENTS)))),
    );
    expect(results.map((r) => r.at(-1)?.nextExpectedVersion)).toEqual([1000, 1000, 1000]);
  });

  it('chains a bulk that spans many INSERTs exactly as single appends would', async () => {
    const streamId = uniqueStreamId('fund');
    const results = await store.appendBulk(itemsOf(streamId, testEvents(BULK_EVENTS)));
    expect(results.at(-1)?.nextExpectedVersion).toBe(BULK_EVENTS);
    expect(await store.verifyStream(streamId)).toMatchObject({
      streamId,
      verified: true,
      eventsChecked: BULK_EVENTS,
    });
  });
});
