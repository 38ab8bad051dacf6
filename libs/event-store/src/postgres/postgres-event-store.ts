import { Pool, type PoolClient } from 'pg';
import { DomainError } from '@sunshine/domain';
import {
  COMMAND_EVENTS_MAX,
  READ_BATCH_MAX,
  UNCHANGED_STREAMS_MAX,
  type AppendedListener,
  type AppendOptions,
  type AppendPart,
  type AppendResult,
  type BulkAppendItem,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReleaseLease,
  type ReadAllOptions,
  type ReadStreamOptions,
  type LogHead,
  type LogVerification,
  type StoredEvent,
  type StreamCheckpoint,
  type VerifyLogOptions,
  type VerifyOptions,
  type VerifyResult,
} from '../port';
import {
  GENESIS_HEAD,
  matchRecordedHead,
  verifyPages,
  type PageReader,
} from '../stream-verification';
import { BulkAnalyzer } from './analyze';
import { appendBulkInTransaction, BULK_EVENTS_MAX } from './bulk';
import { takeGroup, writeGroup, type Outcome, type PendingAppend } from './group-commit';
import { findIdempotent, IdempotencyRace } from './idempotency';
import { readEventsById, readLogHead, verifyPostgresLog } from './log-reads';
import { EVENT_COLUMNS, parseEventRow } from './rows';
import { streamTampered } from '../tampering';
import { migrate } from './schema';
import { PostgresSnapshotStore } from './snapshots';
import { StreamLeases } from './stream-lease';

export const POOL_SIZE_DEFAULT = 10;
export const LIST_STREAMS_MAX = 10_000;

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections in the pool; concurrent appends beyond it wait for a connection. */
  poolSizeMax?: number;
  /** Adapter name reported as `kind`. */
  kind?: string;
}

interface QueuedAppend extends PendingAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export class PostgresEventStore implements EventStore {
  private readonly listeners = new Set<AppendedListener>();
  private readonly queue: QueuedAppend[] = [];
  private draining = false;
  private leases: StreamLeases | undefined;
  readonly snapshots: PostgresSnapshotStore;

  private readonly analyzer: BulkAnalyzer;

  private constructor(
    readonly kind: string,
    readonly pool: Pool,
    private readonly connectionString: string,
  ) {
    this.snapshots = new PostgresSnapshotStore(pool);
    this.analyzer = new BulkAnalyzer(pool);
  }

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
    return new PostgresEventStore(options.kind ?? 'postgres', pool, options.connectionString);
  }

  onAppended(listener: AppendedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length > COMMAND_EVENTS_MAX) {
      const message = `at most ${COMMAND_EVENTS_MAX} events per append`;
      return Promise.reject(new DomainError('VALIDATION_FAILED', message));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  appendBatch(
    streamId: string,
    parts: AppendPart[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    const events = parts.flatMap((part) => part.events);
    if (events.length > COMMAND_EVENTS_MAX) {
      const message = `at most ${COMMAND_EVENTS_MAX} events per append`;
      return Promise.reject(new DomainError('VALIDATION_FAILED', message));
    }
    return new Promise((resolve, reject) => {
      const batchOptions = { expectedVersion: options.expectedVersion };
      this.queue.push({ streamId, events, options: batchOptions, parts, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  findIdempotent(keys: readonly string[]): Promise<Map<string, AppendResult>> {
    return findIdempotent(this.pool, keys);
  }

  leaseStream(streamId: string): Promise<ReleaseLease | undefined> {
    this.leases ??= new StreamLeases(this.connectionString);
    return this.leases.lease(streamId);
  }

  /** One writer per process drains the queue, a group per transaction (group-commit.ts). */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = takeGroup(this.queue);
        const outcomes = await this.writeTogether(group);
        this.settle(group, outcomes);
      }
    } finally {
      this.draining = false;
    }
  }

  private async writeTogether(group: QueuedAppend[]): Promise<Outcome[]> {
    try {
      return await this.inTransaction((client) => writeGroup(client, group));
    } catch (error) {
      if (group.length === 1) return [await this.afterFailure(group[0], error)];
      // A database error (say, a client-supplied event id that already exists) aborts the
      // shared transaction; each append then gets its own, so only the culprit fails.
      const outcomes: Outcome[] = [];
      for (const pending of group) {
        try {
          const [outcome] = await this.inTransaction((client) => writeGroup(client, [pending]));
          outcomes.push(outcome ?? { error: new Error('an append produced no outcome') });
        } catch (single) {
          outcomes.push(await this.afterFailure(pending, single));
        }
      }
      return outcomes;
    }
  }

  /** After another writer won an idempotency key, the key's first result is the answer. */
  private async afterFailure(pending: QueuedAppend | undefined, error: unknown): Promise<Outcome> {
    const key = pending?.options.idempotencyKey;
    if (!(error instanceof IdempotencyRace) || key === undefined) return { error };
    const first = (await findIdempotent(this.pool, [key])).get(key);
    return first ? { ok: first } : { error };
  }

  private settle(group: QueuedAppend[], outcomes: Outcome[]): void {
    let lastPosition = 0;
    group.forEach((pending, index) => {
      const outcome = outcomes[index] ?? { error: new Error('an append produced no outcome') };
      if ('ok' in outcome) {
        if (!outcome.ok.duplicate) lastPosition = Math.max(lastPosition, outcome.ok.lastPosition);
        pending.resolve(outcome.ok);
      } else {
        pending.reject(outcome.error);
      }
    });
    if (lastPosition > 0) this.announce(lastPosition);
  }

  async appendBulk(items: BulkAppendItem[]): Promise<AppendResult[]> {
    const total = items.reduce((sum, item) => sum + item.events.length, 0);
    if (total > BULK_EVENTS_MAX) {
      const message = `at most ${BULK_EVENTS_MAX} events per bulk append`;
      throw new DomainError('VALIDATION_FAILED', message);
    }
    const results = await this.inTransaction((client) => appendBulkInTransaction(client, items));
    this.analyzer.wrote(total);
    const lastPosition = Math.max(0, ...results.map((r) => r.lastPosition));
    if (lastPosition > 0) this.announce(lastPosition);
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    // A closed version range, so the index scan has both ends; the LIMIT keeps the planner
    // on the ordered index scan where statistics say the range covers most of the table.
    const result = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM es_events
       WHERE stream_id = $1
         AND stream_version BETWEEN $2::integer AND $2::integer + $3::integer - 1
       ORDER BY stream_version LIMIT $3`,
      [streamId, Math.max(1, options.fromVersion ?? 1), boundedCount(options.maxCount)],
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

  async verifyStream(streamId: string, options: VerifyOptions = {}): Promise<VerifyResult> {
    const headRow = await this.pool.query<{ version: number; last_hash: string }>(
      'SELECT version, last_hash FROM es_streams WHERE stream_id = $1',
      [streamId],
    );
    const row = headRow.rows[0];
    const recorded = row ? { version: row.version, hash: row.last_hash } : GENESIS_HEAD;
    // Only versions up to the head read above: a concurrent append is not a broken tail.
    const read: PageReader = (fromVersion, maxCount) =>
      this.readStream(streamId, { fromVersion, maxCount });
    const result = await verifyPages(streamId, read, options.from, recorded.version);
    return matchRecordedHead(result, recorded);
  }

  async unchangedStreams(checkpoints: StreamCheckpoint[]): Promise<string[]> {
    if (checkpoints.length > UNCHANGED_STREAMS_MAX) {
      throw new Error(`at most ${UNCHANGED_STREAMS_MAX} streams per unchangedStreams call`);
    }
    const result = await this.pool.query<{ stream_id: string }>(
      `SELECT c.stream_id
       FROM unnest($1::text[], $2::integer[], $3::text[]) AS c(stream_id, version, hash)
       JOIN es_streams s
         ON s.stream_id = c.stream_id AND s.version = c.version AND s.last_hash = c.hash
       JOIN es_events e
         ON e.stream_id = c.stream_id AND e.stream_version = c.version AND e.hash = c.hash`,
      [
        checkpoints.map((item) => item.streamId),
        checkpoints.map((item) => item.from.version),
        checkpoints.map((item) => item.from.hash),
      ],
    );
    return result.rows.map((row) => row.stream_id);
  }

  logHead(): Promise<LogHead> {
    return readLogHead(this.pool);
  }

  /** Streams found broken are announced like a broken fold, so each raises its alert. */
  async verifyLog(options: VerifyLogOptions): Promise<LogVerification> {
    const { result, verifier } = await verifyPostgresLog(this.pool, options);
    for (const broken of verifier.brokenStreams()) {
      const [regionCode] = broken.regionCodes;
      void streamTampered(this, broken.streamId, broken.streamVersion, regionCode);
    }
    return result;
  }

  /**
   * Count and sum of the rows' creating transaction ids (`xmin`): an UPDATE writes a new row
   * version with a new xmin, a DELETE lowers the count, a re-INSERT brings a new xmin.
   */
  async streamFingerprint(streamId: string, throughVersion: number): Promise<string> {
    const { rows } = await this.pool.query<{ fingerprint: string }>(
      `SELECT count(*)::text || ':' || COALESCE(sum(xmin::text::bigint), 0)::text AS fingerprint
       FROM es_events WHERE stream_id = $1 AND stream_version <= $2`,
      [streamId, throughVersion],
    );
    return rows[0]?.fingerprint ?? '';
  }

  readEventsById(eventIds: readonly string[]): Promise<StoredEvent[]> {
    return readEventsById(this.pool, eventIds);
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
    await this.analyzer.idle();
    await this.leases?.close();
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
