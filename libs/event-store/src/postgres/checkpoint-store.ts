import { Pool } from 'pg';
import type { CheckpointStore } from '../port';

/** Connections of a checkpoint store opened on its own: one save at a time is the norm. */
export const CHECKPOINT_POOL_SIZE_MAX = 2;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS es_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL
)`;

/**
 * Checkpoints in PostgreSQL (`es_checkpoints`): the event store's own database when the store
 * is PostgreSQL (its migrations create the table), or `DATABASE_URL` beside any other store
 * (`open` creates it). Saving is an upsert that never moves a checkpoint backwards, so a late
 * save from a stopped subscriber cannot rewind a newer one.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  private ownedPool: Pool | undefined;

  constructor(private readonly pool: Pool) {}

  /**
   * A checkpoint store with its own small pool on `connectionString`, for a store that keeps
   * no positions in PostgreSQL (EventStoreDB): the relay's checkpoint lives in DATABASE_URL.
   */
  static async open(connectionString: string): Promise<PostgresCheckpointStore> {
    const pool = new Pool({ connectionString, max: CHECKPOINT_POOL_SIZE_MAX });
    // An idle connection that dies (server restart) emits here; the next query reports it.
    pool.on('error', () => undefined);
    try {
      await pool.query(CREATE_TABLE);
    } catch (error) {
      // Two replicas creating the table at once: the loser sees a duplicate, and the table is
      // there.
      if (!isConcurrentCreate(error)) {
        await pool.end();
        throw error;
      }
    }
    const store = new PostgresCheckpointStore(pool);
    store.ownedPool = pool;
    return store;
  }

  async load(name: string): Promise<number> {
    const result = await this.pool.query<{ position: string }>(
      'SELECT position FROM es_checkpoints WHERE name = $1',
      [name],
    );
    return Number(result.rows[0]?.position ?? 0);
  }

  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE
       SET position = GREATEST(es_checkpoints.position, excluded.position), updated_at = now()`,
      [name, position],
    );
  }

  /** Ends the pool when `open` made it; a pool handed to the constructor stays its owner's. */
  async close(): Promise<void> {
    const pool = this.ownedPool;
    this.ownedPool = undefined;
    await pool?.end();
  }
}

/** unique_violation (pg_type) or duplicate_table, as a concurrent CREATE IF NOT EXISTS gives. */
function isConcurrentCreate(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '42P07';
}
