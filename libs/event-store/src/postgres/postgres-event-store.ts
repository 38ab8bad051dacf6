import { Pool, type PoolClient } from 'pg';
import { DomainError } from '@sunshine/domain';
import { GENESIS_HASH, verifyChain } from '../hash-chain';
import {
  APPEND_EVENTS_MAX,
  READ_BATCH_MAX,
  type AppendedListener,
  type AppendOptions,
  type AppendResult,
  type BulkAppendItem,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type VerifyResult,
} from '../port';
import { EVENT_COLUMNS, parseEventRow } from './rows';
import { migrate } from './schema';
import { appendBulkInTransaction, BULK_EVENTS_MAX } from './bulk';
import {
  checkExpectedVersion,
  insertEvents,
  lockHeads,
  prepareEvents,
  updateHeads,
} from './write';

export const POOL_SIZE_DEFAULT = 10;
export const LIST_STREAMS_MAX = 10_000;

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections in the pool; concurrent appends beyond it wait for a connection. */
  poolSizeMax?: number;
  /** Adapter name reported as `kind`. */
  kind?: string;
}

interface IdempotencyRow {
  stream_id: string;
  first_position: string;
  last_position: string;
  next_expected_version: number;
}

/** Thrown inside a transaction when another writer stored the same key first. */
class IdempotencyRace extends Error {}

export class PostgresEventStore implements EventStore {
  private readonly listeners = new Set<AppendedListener>();

  private constructor(
    readonly kind: string,
    readonly pool: Pool,
  ) {}

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSizeMax ?? POOL_SIZE_DEFAULT,
    });
    // An idle connection that dies (server restart) emits here; the next query reports it.
    pool.on('error', () => undefined);
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    return new PostgresEventStore(options.kind ?? 'postgres', pool);
  }

  onAppended(listener: AppendedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length > APPEND_EVENTS_MAX) {
      throw new DomainError('VALIDATION_FAILED', `at most ${APPEND_EVENTS_MAX} events per append`);
    }
    try {
      const result = await this.inTransaction((client) =>
        this.appendInTransaction(client, streamId, events, options),
      );
      if (!result.duplicate && result.events.length > 0) this.announce(result.lastPosition);
      return result;
    } catch (error) {
      if (!(error instanceof IdempotencyRace) || options.idempotencyKey === undefined) throw error;
      const first = await this.findIdempotent(this.pool, options.idempotencyKey);
      if (!first) throw new Error('idempotency key vanished after a conflicting insert');
      return first;
    }
  }

  private async appendInTransaction(
    client: PoolClient,
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const heads = await lockHeads(client, [streamId], GENESIS_HASH);
    const head = heads.get(streamId);
    if (!head) throw new Error(`stream head ${streamId} was not locked`);
    const key = options.idempotencyKey;
    if (key !== undefined) {
      const first = await this.findIdempotent(client, key);
      if (first) return first;
    }
    checkExpectedVersion(streamId, head.version, options.expectedVersion);
    const prepared = prepareEvents(streamId, head, events);
    const stored = await insertEvents(client, prepared, key);
    const last = stored[stored.length - 1];
    if (last) {
      heads.set(streamId, { version: last.streamVersion, lastHash: last.hash });
      await updateHeads(client, heads);
    }
    const nextExpectedVersion = last?.streamVersion ?? head.version;
    const lastPosition = last?.globalPosition ?? 0;
    if (key !== undefined && last) await this.storeIdempotent(client, key, stored);
    return { streamId, nextExpectedVersion, lastPosition, events: stored, duplicate: false };
  }

  private async storeIdempotent(client: PoolClient, key: string, stored: StoredEvent[]): Promise<void> {
    const first = stored[0];
    const last = stored[stored.length - 1];
    if (!first || !last) return;
    const inserted = await client.query(
      `INSERT INTO es_idempotency (key, stream_id, first_position, last_position,
         next_expected_version) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`,
      [key, first.streamId, first.globalPosition, last.globalPosition, last.streamVersion],
    );
    if (inserted.rowCount === 0) throw new IdempotencyRace();
  }

  private async findIdempotent(
    db: Pool | PoolClient,
    key: string,
  ): Promise<AppendResult | undefined> {
    const found = await db.query<IdempotencyRow>(
      `SELECT stream_id, first_position, last_position, next_expected_version
       FROM es_idempotency WHERE key = $1`,
      [key],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    const events = await db.query(
      `SELECT ${EVENT_COLUMNS} FROM es_events
       WHERE global_position BETWEEN $1 AND $2 ORDER BY global_position`,
      [row.first_position, row.last_position],
    );
    return {
      streamId: row.stream_id,
      nextExpectedVersion: row.next_expected_version,
      lastPosition: Number(row.last_position),
      events: events.rows.map(parseEventRow),
      duplicate: true,
    };
  }

  async appendBulk(items: BulkAppendItem[]): Promise<AppendResult[]> {
    const total = items.reduce((sum, item) => sum + item.events.length, 0);
    if (total > BULK_EVENTS_MAX) {
      throw new DomainError('VALIDATION_FAILED', `at most ${BULK_EVENTS_MAX} events per bulk append`);
    }
    const results = await this.inTransaction((client) => appendBulkInTransaction(client, items));
    const lastPosition = Math.max(0, ...results.map((r) => r.lastPosition));
    if (lastPosition > 0) this.announce(lastPosition);
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const result = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM es_events
       WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`,
      [streamId, options.fromVersion ?? 1, boundedCount(options.maxCount)],
    );
    return result.rows.map(parseEventRow);
  }

  async streamVersion(streamId: string): Promise<number> {
    const result = await this.pool.query<{ version: number }>(
      'SELECT version FROM es_streams WHERE stream_id = $1',
      [streamId],
    );
    return result.rows[0]?.version ?? 0;
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    const result = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM es_events
       WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [options.after, boundedCount(options.maxCount)],
    );
    return result.rows.map(parseEventRow);
  }

  async headPosition(): Promise<number> {
    const result = await this.pool.query<{ value: string }>(
      'SELECT value FROM es_position WHERE id = 1',
    );
    return Number(result.rows[0]?.value ?? 0);
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    const headRow = await this.pool.query<{ version: number; last_hash: string }>(
      'SELECT version, last_hash FROM es_streams WHERE stream_id = $1',
      [streamId],
    );
    const head = headRow.rows[0] ?? { version: 0, last_hash: GENESIS_HASH };
    let start = { prevHash: GENESIS_HASH, version: 1 };
    let eventsChecked = 0;
    for (;;) {
      const page = await this.readStream(streamId, { fromVersion: start.version });
      const check = verifyChain(page, start);
      eventsChecked += check.eventsChecked;
      if (!check.verified) return { streamId, verified: false, eventsChecked, brokenAt: check.brokenAt };
      start = { prevHash: check.lastHash, version: start.version + page.length };
      if (page.length < READ_BATCH_MAX) break;
    }
    // The head records the last hash and version at append time: a removed or rewritten
    // tail shows up here even when the remaining links are consistent.
    if (eventsChecked !== head.version || start.prevHash !== head.last_hash) {
      return { streamId, verified: false, eventsChecked, brokenAt: Math.max(1, eventsChecked) };
    }
    return { streamId, verified: true, eventsChecked };
  }

  async listStreams(prefix: string, limit: number): Promise<string[]> {
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const result = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM es_streams WHERE stream_id LIKE $1 ESCAPE '\\' AND version > 0
       ORDER BY stream_id LIMIT $2`,
      [pattern, Math.min(Math.max(0, limit), LIST_STREAMS_MAX)],
    );
    return result.rows.map((row) => row.stream_id);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.pool.end();
  }

  private announce(lastPosition: number): void {
    for (const listener of this.listeners) listener(lastPosition);
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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
  }
}

function boundedCount(maxCount: number | undefined): number {
  return Math.min(Math.max(1, maxCount ?? READ_BATCH_MAX), READ_BATCH_MAX);
}
