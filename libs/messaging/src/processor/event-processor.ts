import type { StoredEvent } from '@sunshine/event-store';
import type { EventConsumer } from '../feed';

/**
 * The one event processor behind every durable consumer (the ledger projection, the alert
 * service, test consumers): a consumer supplies only `handle(db, events)` and, if it must act
 * after commit, `afterCommit`. The processor owns what makes delivery exactly-once in effect
 * whatever the feed (in-process, Kafka, redelivery after a crash, two instances on one
 * partition during a rebalance):
 * - one transaction per delivery, split into chunks of `chunkMax` events;
 * - per-stream applied versions, locked in stream order, so an event takes effect at most
 *   once and two instances handling one stream serialise instead of both applying it;
 * - the checkpoint in the same transaction as the effects, or right after `afterCommit` for a
 *   consumer whose work finishes outside the transaction. The checkpoint is a low watermark:
 *   every event at or below it has been applied. A feed in global order (in-process, a
 *   catch-up) moves it to its highest position; Kafka delivers partitions side by side, so
 *   there each event names the position the relay sent before it (`relayedAfter`), positions
 *   seen early wait in the pending table, and the watermark moves only along an unbroken
 *   chain. `X-Projection-Position` is this watermark, so a client that waits for its write's
 *   position never reads a model that lacks it.
 * The feeds own polling, wake-ups and back-off; nothing here loops.
 */

/** What a handler may run its statements on: one transaction's connection. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as the driver gives them.
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK on a throw). */
export type RunInTransaction<D extends SqlRunner = SqlRunner> =
  <T>(work: (db: D) => Promise<T>) => Promise<T>;

export interface ProcessorHandler<R = void, D extends SqlRunner = SqlRunner> {
  /** Applies events none of which took effect before, in delivery order. */
  handle(db: D, events: StoredEvent[]): Promise<R>;
  /** Work after the commit (e.g. appending what the batch found); the checkpoint waits for it. */
  afterCommit?(results: R[]): Promise<void>;
}

export interface ProcessorTables {
  /** `(stream_id text PRIMARY KEY, version integer)`, schema-qualified where needed. */
  applied: string;
  /** `(name text PRIMARY KEY, position bigint)`. */
  checkpoint: string;
  /** `(name text, position bigint, previous bigint, PRIMARY KEY (name, position))`. */
  pending: string;
}

export interface EventProcessorOptions<R, D extends SqlRunner> {
  name: string;
  transaction: RunInTransaction<D>;
  tables: ProcessorTables;
  handler: ProcessorHandler<R, D>;
  /** Events per chunk of statements; a larger delivery is split inside one transaction. */
  chunkMax?: number;
  /** Runs before each delivery, outside its transaction (e.g. refreshing statistics). */
  beforeDelivery?: () => Promise<void>;
}

export const PROCESSOR_CHUNK_MAX_DEFAULT = 1_000;
export const PROCESSOR_CHUNK_MAX_LIMIT = 10_000;
/** Pending positions read per delivery; the chain is followed from the lowest. */
export const PROCESSOR_PENDING_READ_MAX = 10_000;
const SQL_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

export function processorTablesDdl(tables: ProcessorTables): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${tables.applied} (
       stream_id text PRIMARY KEY, version integer NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${tables.checkpoint} (
       name text PRIMARY KEY, position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${tables.pending} (
       name text NOT NULL, position bigint NOT NULL, previous bigint NOT NULL,
       PRIMARY KEY (name, position))`,
  ];
}

export class EventProcessor<R = void, D extends SqlRunner = SqlRunner> implements EventConsumer {
  readonly name: string;
  private readonly chunkMax: number;

  constructor(private readonly options: EventProcessorOptions<R, D>) {
    const { tables } = options;
    if (![tables.applied, tables.checkpoint, tables.pending].every((t) => SQL_NAME.test(t))) {
      throw new Error(`table names must be plain SQL names: ${JSON.stringify(tables)}`);
    }
    this.chunkMax = options.chunkMax ?? PROCESSOR_CHUNK_MAX_DEFAULT;
    if (!Number.isInteger(this.chunkMax) || this.chunkMax < 1 ||
      this.chunkMax > PROCESSOR_CHUNK_MAX_LIMIT) {
      throw new Error(`chunkMax must be an integer within 1..${PROCESSOR_CHUNK_MAX_LIMIT}`);
    }
    this.name = options.name;
  }

  async handle(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.options.beforeDelivery?.();
    const { afterCommit } = this.options.handler;
    const results = await this.options.transaction(async (db) => {
      const done = await this.applyChunks(db, events);
      if (!afterCommit) await this.saveCheckpoint(db, events);
      return done;
    });
    if (afterCommit) {
      await afterCommit.call(this.options.handler, results);
      await this.options.transaction((db) => this.saveCheckpoint(db, events));
    }
  }

  /**
   * Applies events in one transaction without moving the checkpoint: for events a consumer
   * produced itself and wants in its read model at once; the feed delivers them again later,
   * and the applied versions make that a no-op.
   */
  apply(events: StoredEvent[]): Promise<R[]> {
    if (events.length === 0) return Promise.resolve([]);
    return this.options.transaction((db) => this.applyChunks(db, events));
  }

  async lastPosition(): Promise<number> {
    return this.options.transaction(async (db) => readPosition(db, this.options.tables, this.name));
  }

  private async applyChunks(db: D, events: StoredEvent[]): Promise<R[]> {
    const results: R[] = [];
    for (let start = 0; start < events.length; start += this.chunkMax) {
      const chunk = events.slice(start, start + this.chunkMax);
      const versions = await lockAppliedVersions(db, this.options.tables.applied, chunk);
      const fresh = freshEvents(chunk, versions);
      if (fresh.length === 0) continue;
      results.push(await this.options.handler.handle(db, fresh));
      await saveAppliedVersions(db, this.options.tables.applied, versions);
    }
    return results;
  }

  /** Moves the watermark over what this delivery completes; see the class comment. */
  private async saveCheckpoint(db: SqlRunner, events: StoredEvent[]): Promise<void> {
    const { checkpoint } = this.options.tables;
    let inOrder = 0;
    const relayed: StoredEvent[] = [];
    for (const event of events) {
      if (event.relayedAfter === undefined) inOrder = Math.max(inOrder, event.globalPosition);
      else relayed.push(event);
    }
    await db.query(
      `INSERT INTO ${checkpoint} (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
      [this.name],
    );
    // The row lock orders instances: each then sees the positions the others left pending.
    const [row] = rowsOf(await db.query(
      `SELECT position FROM ${checkpoint} WHERE name = $1 FOR UPDATE`, [this.name]));
    const before = Number(row?.position ?? 0);
    let position = Math.max(before, inOrder);
    if (relayed.length > 0) position = await this.followChain(db, relayed, position);
    if (position > before) {
      await db.query(`UPDATE ${checkpoint} SET position = $2 WHERE name = $1`,
        [this.name, position]);
    }
  }

  private async followChain(db: SqlRunner, relayed: StoredEvent[], from: number) {
    const { pending } = this.options.tables;
    await db.query(
      `INSERT INTO ${pending} (name, position, previous)
       SELECT $1, p, q FROM unnest($2::bigint[], $3::bigint[]) AS t(p, q)
       WHERE p > $4 ON CONFLICT DO NOTHING`,
      [this.name, relayed.map((e) => e.globalPosition), relayed.map((e) => e.relayedAfter),
        from],
    );
    const rows = rowsOf(await db.query(
      `SELECT position, previous FROM ${pending} WHERE name = $1 AND position > $2
       ORDER BY position LIMIT ${PROCESSOR_PENDING_READ_MAX}`,
      [this.name, from],
    ));
    let position = from;
    for (const row of rows) {
      if (Number(row.previous) > position) break;
      position = Math.max(position, Number(row.position));
    }
    await db.query(`DELETE FROM ${pending} WHERE name = $1 AND position <= $2`,
      [this.name, position]);
    return position;
  }
}

export async function readPosition(db: SqlRunner, tables: ProcessorTables, name: string) {
  const rows = rowsOf(await db.query(
    `SELECT position FROM ${tables.checkpoint} WHERE name = $1`, [name]));
  const position = rows[0]?.position;
  return position === undefined ? 0 : Number(position);
}

/** TypeORM answers rows; pg answers `{ rows }`. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  const rows = (result as { rows?: unknown } | undefined)?.rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}

/**
 * Locks and reads the applied version of every stream in the chunk. Streams seen for the
 * first time get a row at version 0 first, and rows are locked in stream order, so that two
 * instances handling the same streams wait for each other instead of deadlocking or both
 * applying an event.
 */
async function lockAppliedVersions(db: SqlRunner, table: string, events: StoredEvent[]) {
  const streamIds = [...new Set(events.map((event) => event.streamId))].sort();
  await db.query(
    `INSERT INTO ${table} (stream_id, version)
     SELECT unnest($1::text[]), 0 ON CONFLICT DO NOTHING`,
    [streamIds],
  );
  const rows = rowsOf(await db.query(
    `SELECT stream_id, version FROM ${table}
     WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`,
    [streamIds],
  ));
  return new Map(rows.map((row) => [String(row.stream_id), Number(row.version)]));
}

/** Keeps each (stream, version) once and only above what was applied before. */
function freshEvents(events: StoredEvent[], versions: Map<string, number>): StoredEvent[] {
  const fresh: StoredEvent[] = [];
  for (const event of events) {
    const applied = versions.get(event.streamId) ?? 0;
    if (event.streamVersion <= applied) continue;
    versions.set(event.streamId, event.streamVersion);
    fresh.push(event);
  }
  return fresh;
}

async function saveAppliedVersions(db: SqlRunner, table: string, versions: Map<string, number>) {
  const entries = [...versions.entries()];
  await db.query(
    `UPDATE ${table} AS t SET version = x.version
     FROM unnest($1::text[], $2::int[]) AS x(stream_id, version)
     WHERE t.stream_id = x.stream_id AND x.version > t.version`,
    [entries.map(([stream]) => stream), entries.map(([, version]) => version)],
  );
}

/** A pg pool as the processor's transaction: one client, BEGIN … COMMIT. */
export function poolTransaction<D extends SqlRunner & { release(): void }>(pool: {
  connect(): Promise<D>;
}): RunInTransaction<D> {
  return async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}
