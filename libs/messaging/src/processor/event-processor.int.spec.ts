import type { StoredEvent } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { Pool, type PoolClient } from 'pg';
import {
  EventProcessor,
  poolTransaction,
  processorTablesDdl,
  type ProcessorHandler,
  type ProcessorTables,
} from './event-processor';

jest.setTimeout(120_000);

/** The one event processor on a real PostgreSQL: what every durable consumer relies on. */

const TABLES: ProcessorTables = {
  applied: 'p_applied', checkpoint: 'p_checkpoint', pending: 'p_pending',
};

let postgres: TestPostgres;
let pool: Pool;

beforeAll(async () => {
  postgres = await startTestPostgres();
  pool = new Pool({ connectionString: postgres.url, max: 6 });
});

afterAll(async () => {
  await pool?.end();
  await postgres?.stop();
});

beforeEach(async () => {
  await pool.query('DROP TABLE IF EXISTS p_applied, p_checkpoint, p_pending, p_effects');
  for (const ddl of processorTablesDdl(TABLES)) await pool.query(ddl);
  // The primary key refuses a second application of any (stream, version) outright.
  await pool.query(`CREATE TABLE p_effects (stream_id text, stream_version int,
    PRIMARY KEY (stream_id, stream_version))`);
});

function event(streamId: string, streamVersion: number, globalPosition: number): StoredEvent {
  return {
    eventId: `${streamId}@${streamVersion}`, type: 'Test', schemaVersion: 1, streamId,
    streamVersion, globalPosition, occurredOn: '2024-01-01', recordedAt: '2024-01-01T00:00:00Z',
    actor: { sub: 't', role: 'admin' }, correlationId: 'c', causationId: 'c',
    prevHash: '', hash: '', data: {},
  };
}

/** `streams` streams of `versions` events each, interleaved in global order. */
function log(streams: number, versions: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (let v = 1; v <= versions; v += 1) {
    for (let s = 0; s < streams; s += 1) events.push(event(`s-${s}`, v, events.length + 1));
  }
  return events;
}

const recording: ProcessorHandler<number, PoolClient> = {
  async handle(client, events) {
    await client.query(
      `INSERT INTO p_effects SELECT * FROM unnest($1::text[], $2::int[])`,
      [events.map((e) => e.streamId), events.map((e) => e.streamVersion)],
    );
    return events.length;
  },
};

function processor(handler: ProcessorHandler<number, PoolClient> = recording, chunkMax = 1_000) {
  return new EventProcessor({ name: 'p', tables: TABLES, transaction: poolTransaction(pool),
    handler, chunkMax });
}

async function effects(): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM p_effects');
  return Number(rows[0]?.n);
}

describe('the event processor', () => {
  it('applies a redelivered or overlapping delivery once and keeps the highest position', async () => {
    const p = processor();
    const events = log(5, 20);
    await p.handle(events.slice(0, 60));
    await p.handle(events.slice(40, 100));
    await p.handle(events.slice(0, 100));
    expect(await effects()).toBe(100);
    expect(await p.lastPosition()).toBe(100);
    await p.handle(events.slice(0, 10));
    expect(await p.lastPosition()).toBe(100);
  });

  it('lets two instances race on the same streams without applying anything twice', async () => {
    // As in a rebalance: both hold deliveries that start at or before what is applied (a
    // feed keeps each stream in order), overlap each other, and commit in either order.
    const a = processor();
    const b = processor();
    const events = log(8, 50);
    for (let at = 0; at < events.length; at += 40) {
      await Promise.all([
        a.handle(events.slice(Math.max(0, at - 20), at + 40)),
        b.handle(events.slice(at, at + 40)),
        b.handle(events.slice(Math.max(0, at - 10), at + 30)),
      ]);
    }
    expect(await effects()).toBe(400);
  });

  it('splits a large delivery into chunks of one transaction: a failing chunk undoes all',
    async () => {
      const sizes: number[] = [];
      const failing: ProcessorHandler<number, PoolClient> = {
        async handle(client, events) {
          sizes.push(events.length);
          if (sizes.length === 3) throw new Error('third chunk fails');
          return recording.handle(client, events);
        },
      };
      const events = log(10, 250);
      await expect(processor(failing, 1_000).handle(events)).rejects.toThrow('third chunk');
      expect(sizes).toEqual([1_000, 1_000, 500]);
      expect(await effects()).toBe(0);
      expect(await processor().lastPosition()).toBe(0);
      await processor().handle(events);
      expect(await effects()).toBe(2_500);
    });

  it('moves the checkpoint only once afterCommit has finished', async () => {
    let failAfterCommit = true;
    const seen: number[][] = [];
    const handler: ProcessorHandler<number, PoolClient> = {
      handle: (client, events) => recording.handle(client, events),
      async afterCommit(results) {
        seen.push(results);
        if (failAfterCommit) throw new Error('raising failed');
      },
    };
    const p = processor(handler);
    const events = log(2, 5);
    await expect(p.handle(events)).rejects.toThrow('raising failed');
    expect(await effects()).toBe(10);
    expect(await p.lastPosition()).toBe(0);
    failAfterCommit = false;
    await p.handle(events);
    expect(await p.lastPosition()).toBe(10);
    // The redelivery found nothing new to apply, and afterCommit heard so.
    expect(seen).toEqual([[10], []]);
  });

  it('moves the watermark along the relay\'s chain, not to the highest position seen',
    async () => {
      // Positions 1..12 relayed in order over three partitions, delivered out of order.
      const relayed = log(3, 4).map((e) => ({ ...e, relayedAfter: e.globalPosition - 1 }));
      const partition = (k: number) => relayed.filter((e) => e.globalPosition % 3 === k);
      const a = processor();
      const b = processor();
      await a.handle(partition(2));
      expect(await a.lastPosition()).toBe(0);
      await b.handle(partition(1));
      expect(await a.lastPosition()).toBe(2);
      await Promise.all([a.handle(partition(0)), b.handle(relayed.slice(0, 3))]);
      expect(await b.lastPosition()).toBe(12);
      expect(await effects()).toBe(12);
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM p_pending');
      expect(Number(rows[0]?.n)).toBe(0);
    });

  it('follows a chain with gaps in the positions, as another store numbers them', async () => {
    const p = processor();
    const sparse = [10, 25, 40, 70].map((position, i, all) =>
      ({ ...event('s-0', i + 1, position), relayedAfter: i === 0 ? 0 : all[i - 1]! }));
    await p.handle([sparse[0]!, sparse[2]!]);
    expect(await p.lastPosition()).toBe(10);
    await p.handle([sparse[1]!, sparse[3]!]);
    // Within the stream, version 2 (position 25) arrives after version 3 and takes no
    // effect; its position still completes the chain up to 70.
    expect(await p.lastPosition()).toBe(70);
  });

  it('refuses table names that are not plain SQL names and unbounded chunks', () => {
    const transaction = poolTransaction(pool);
    expect(() => new EventProcessor({ name: 'x', transaction, handler: recording,
      tables: { ...TABLES, applied: 'a; DROP TABLE x' } })).toThrow('plain SQL names');
    expect(() => new EventProcessor({ name: 'x', transaction, handler: recording,
      tables: TABLES, chunkMax: 100_000 })).toThrow('chunkMax');
  });
});
