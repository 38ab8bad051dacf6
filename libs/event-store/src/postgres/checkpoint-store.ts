import type { Pool } from 'pg';
import type { CheckpointStore } from '../port';

/**
 * Checkpoints in the event store's own database (`es_checkpoints`, created by the adapter's
 * migrations). Saving is an upsert that never moves a checkpoint backwards, so a late save
 * from a stopped subscriber cannot rewind a newer one.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly pool: Pool) {}

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
}
