import type { Pool } from 'pg';
import type { Snapshot, SnapshotStore } from '../port';

/**
 * Snapshots of folded state in `es_snapshots`, one row per stream: a later snapshot replaces
 * an earlier one, and a snapshot in another format (a newer decider or event schema)
 * replaces one in the old format, so a deploy never reads a state folded by other code.
 */
export class PostgresSnapshotStore implements SnapshotStore {
  constructor(private readonly pool: Pool) {}

  async loadSnapshot(streamId: string, format: string): Promise<Snapshot | undefined> {
    const result = await this.pool.query<{
      stream_version: number;
      last_hash: string;
      state: string;
    }>(
      `SELECT stream_version, last_hash, state FROM es_snapshots
       WHERE stream_id = $1 AND format = $2`,
      [streamId, format],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      streamId,
      format,
      streamVersion: row.stream_version,
      lastHash: row.last_hash,
      state: row.state,
    };
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_snapshots (stream_id, format, stream_version, last_hash, state, taken_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (stream_id) DO UPDATE SET format = excluded.format,
         stream_version = excluded.stream_version, last_hash = excluded.last_hash,
         state = excluded.state, taken_at = excluded.taken_at
       WHERE es_snapshots.format <> excluded.format
          OR es_snapshots.stream_version < excluded.stream_version`,
      [snapshot.streamId, snapshot.format, snapshot.streamVersion, snapshot.lastHash,
        snapshot.state],
    );
  }
}
