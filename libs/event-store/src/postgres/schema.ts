import type { PoolClient } from 'pg';
import { computeGlobalHash, GENESIS_HASH } from '../hash-chain';
import { analyzeStale, EVENT_TABLES } from './analyze';

/**
 * Versioned, idempotent migrations, applied in order inside one transaction at start-up.
 * An advisory lock serialises concurrent start-ups of several processes; each version is
 * recorded in `es_migrations` so it runs once.
 */

const MIGRATIONS_LOCK_KEY = 482_913_001;

interface Migration {
  version: number;
  statements: string[];
  /** Work after the statements, in the same transaction (a backfill). */
  after?: (client: PoolClient) => Promise<void>;
}

/** Events hashed per statement while the global chain is backfilled. */
const BACKFILL_PAGE_ROWS = 5_000;

/**
 * Links events stored before the global chain existed, in position order, and stores the
 * head. Runs once, inside the migration's transaction, so no append interleaves.
 */
async function backfillGlobalChain(client: PoolClient): Promise<void> {
  let head = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const { rows } = await client.query<{ global_position: string; hash: string }>(
      `SELECT global_position, hash FROM es_events WHERE global_position > $1
       ORDER BY global_position LIMIT $2`,
      [after, BACKFILL_PAGE_ROWS],
    );
    for (const row of rows) head = computeGlobalHash(head, row.hash);
    const last = rows[rows.length - 1];
    if (!last) break;
    after = Number(last.global_position);
    // A link per page, so a verification resynchronises within a page after a break.
    await client.query('INSERT INTO es_global_chain (position, global_hash) VALUES ($1, $2)', [
      after,
      head,
    ]);
  }
  await client.query('UPDATE es_position SET global_hash = $1 WHERE id = 1', [head]);
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE IF NOT EXISTS es_events (
         global_position bigint PRIMARY KEY,
         event_id text NOT NULL UNIQUE,
         stream_id text NOT NULL,
         stream_version integer NOT NULL,
         type text NOT NULL,
         schema_version integer NOT NULL,
         data jsonb NOT NULL,
         metadata jsonb NOT NULL,
         occurred_on date NOT NULL,
         recorded_at timestamptz NOT NULL,
         prev_hash text NOT NULL,
         hash text NOT NULL,
         idempotency_key text,
         UNIQUE (stream_id, stream_version)
       )`,
      `CREATE TABLE IF NOT EXISTS es_streams (
         stream_id text PRIMARY KEY,
         version integer NOT NULL,
         last_hash text NOT NULL
       )`,
      `CREATE TABLE IF NOT EXISTS es_position (
         id integer PRIMARY KEY CHECK (id = 1),
         value bigint NOT NULL
       )`,
      `INSERT INTO es_position (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`,
      `CREATE TABLE IF NOT EXISTS es_idempotency (
         key text PRIMARY KEY,
         stream_id text NOT NULL,
         first_position bigint NOT NULL,
         last_position bigint NOT NULL,
         next_expected_version integer NOT NULL
       )`,
      `CREATE TABLE IF NOT EXISTS es_checkpoints (
         name text PRIMARY KEY,
         position bigint NOT NULL,
         updated_at timestamptz NOT NULL
       )`,
    ],
  },
  {
    version: 2,
    statements: [
      `CREATE TABLE IF NOT EXISTS es_snapshots (
         stream_id text PRIMARY KEY,
         format text NOT NULL,
         stream_version integer NOT NULL,
         last_hash text NOT NULL,
         state text NOT NULL,
         taken_at timestamptz NOT NULL
       )`,
    ],
  },
  {
    // The global chain (SPEC §4): its head beside the position counter, and the head as it
    // stood at the last position of every append transaction.
    version: 3,
    statements: [
      `ALTER TABLE es_position ADD COLUMN IF NOT EXISTS global_hash text NOT NULL
         DEFAULT '${GENESIS_HASH}'`,
      `CREATE TABLE IF NOT EXISTS es_global_chain (
         position bigint PRIMARY KEY,
         global_hash text NOT NULL
       )`,
    ],
    after: backfillGlobalChain,
  },
];

export async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATIONS_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS es_migrations (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied = await client.query<{ version: number }>('SELECT version FROM es_migrations');
    const done = new Set(applied.rows.map((row) => row.version));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await client.query(statement);
      await migration.after?.(client);
      await client.query('INSERT INTO es_migrations (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  // Outside the migration transaction: statistics for tables loaded while nobody analysed.
  await analyzeStale(client, EVENT_TABLES);
}
