import { Pool } from 'pg';
import { z } from 'zod';
import {
  IDEMPOTENCY_PENDING_TTL_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyRecord,
  type IdempotencyStore,
  reserveWithRetry,
  type ReserveOutcome,
  type StoredResponse,
} from './port';

/**
 * Idempotency keys in a PostgreSQL table: durable across restarts, on an external server or
 * the embedded one alike.
 */

const IDEMPOTENCY_POOL_SIZE_MAX = 4;
/** Expired rows are purged every this many reservations, at most this many at a time. */
const PURGE_EVERY_RESERVATIONS = 500;
const PURGE_ROWS_MAX = 1000;

const rowSchema = z.object({
  fingerprint: z.string(),
  status: z.number().int().nullable(),
  body: z.unknown(),
});

export interface PostgresIdempotencyOptions {
  poolSizeMax?: number;
  retentionMs?: number;
  pendingTtlMs?: number;
  table?: string;
}

export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly kind = 'postgres';
  private readonly retentionMs: number;
  private readonly pendingTtlMs: number;
  private readonly table: string;
  private reservations = 0;

  private constructor(private readonly pool: Pool, options: PostgresIdempotencyOptions) {
    this.retentionMs = options.retentionMs ?? IDEMPOTENCY_RETENTION_MS;
    this.pendingTtlMs = options.pendingTtlMs ?? IDEMPOTENCY_PENDING_TTL_MS;
    this.table = options.table ?? 'idempotency_keys';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.table)) throw new Error(`bad table ${this.table}`);
  }

  static async open(
    databaseUrl: string,
    options: PostgresIdempotencyOptions = {},
  ): Promise<PostgresIdempotencyStore> {
    const pool = new Pool({
      connectionString: databaseUrl,
      max: options.poolSizeMax ?? IDEMPOTENCY_POOL_SIZE_MAX,
    });
    // An idle connection that dies emits here; the next query reports the failure.
    pool.on('error', () => undefined);
    const store = new PostgresIdempotencyStore(pool, options);
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${store.table} (
         key text PRIMARY KEY,
         fingerprint text NOT NULL,
         status integer,
         body jsonb,
         expires_at timestamptz NOT NULL)`,
    );
    return store;
  }

  async reserve(key: string, fingerprint: string): Promise<ReserveOutcome> {
    await this.maybePurge();
    return reserveWithRetry(() => this.reserveOnce(key, fingerprint));
  }

  private async reserveOnce(key: string, fingerprint: string): Promise<ReserveOutcome | null> {
    const inserted = await this.pool.query(
      `INSERT INTO ${this.table} (key, fingerprint, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3::double precision))
       ON CONFLICT (key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, status = NULL, body = NULL,
             expires_at = EXCLUDED.expires_at
         WHERE ${this.table}.expires_at < now()
       RETURNING key`,
      [key, fingerprint, this.pendingTtlMs / 1000],
    );
    if (inserted.rowCount === 1) return { outcome: 'reserved' };
    const existing = await this.pool.query(
      `SELECT fingerprint, status, body FROM ${this.table} WHERE key = $1`,
      [key],
    );
    const row = existing.rows[0];
    // The holder released the key between the two statements.
    if (!row) return null;
    return { outcome: 'existing', record: toRecord(rowSchema.parse(row)) };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table}
       SET status = $2, body = $3::jsonb,
           expires_at = now() + make_interval(secs => $4::double precision)
       WHERE key = $1`,
      [key, response.status, JSON.stringify(response.body ?? null), this.retentionMs / 1000],
    );
  }

  async release(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1 AND status IS NULL`, [key]);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async maybePurge(): Promise<void> {
    this.reservations += 1;
    if (this.reservations % PURGE_EVERY_RESERVATIONS !== 0) return;
    await this.pool.query(
      `DELETE FROM ${this.table} WHERE key IN (
         SELECT key FROM ${this.table} WHERE expires_at < now() LIMIT ${PURGE_ROWS_MAX})`,
    );
  }
}

function toRecord(row: z.infer<typeof rowSchema>): IdempotencyRecord {
  if (row.status === null) return { state: 'pending', fingerprint: row.fingerprint };
  return {
    state: 'done',
    fingerprint: row.fingerprint,
    response: { status: row.status, body: row.body },
  };
}
