import type { Pool, PoolClient } from 'pg';
import { IdempotencyKeyTaken, type AppendResult, type StoredEvent } from '../port';
import { EVENT_COLUMNS, parseEventRow } from './rows';

/**
 * Idempotency keys: a key maps to the positions of the events its first append wrote, so a
 * repeated call answers with exactly those events and `duplicate: true`.
 */

/** Thrown inside a transaction when another writer stored the same key first. */
export class IdempotencyRace extends IdempotencyKeyTaken {}

interface IdempotencyRow {
  key: string;
  stream_id: string;
  first_position: string;
  last_position: string;
  next_expected_version: number;
}

export async function findIdempotent(
  db: Pool | PoolClient,
  keys: readonly string[],
): Promise<Map<string, AppendResult>> {
  const found = new Map<string, AppendResult>();
  if (keys.length === 0) return found;
  const rows = await db.query<IdempotencyRow>(
    `SELECT key, stream_id, first_position, last_position, next_expected_version
     FROM es_idempotency WHERE key = ANY($1::text[])`,
    [keys],
  );
  for (const row of rows.rows) {
    const events = await db.query(
      `SELECT ${EVENT_COLUMNS} FROM es_events
       WHERE global_position BETWEEN $1 AND $2 ORDER BY global_position`,
      [row.first_position, row.last_position],
    );
    found.set(row.key, {
      streamId: row.stream_id,
      nextExpectedVersion: row.next_expected_version,
      lastPosition: Number(row.last_position),
      events: events.rows.map(parseEventRow),
      duplicate: true,
    });
  }
  return found;
}

/** Records each key's first append; throws IdempotencyRace if another writer won a key. */
export async function storeIdempotent(
  client: PoolClient,
  entries: readonly { key: string; events: StoredEvent[] }[],
): Promise<void> {
  const rows = entries.flatMap(({ key, events }) => {
    const first = events[0];
    const last = events[events.length - 1];
    return first && last ? [{ key, first, last }] : [];
  });
  if (rows.length === 0) return;
  const inserted = await client.query(
    `INSERT INTO es_idempotency (key, stream_id, first_position, last_position,
       next_expected_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::int[])
     ON CONFLICT (key) DO NOTHING`,
    [
      rows.map((r) => r.key),
      rows.map((r) => r.first.streamId),
      rows.map((r) => r.first.globalPosition),
      rows.map((r) => r.last.globalPosition),
      rows.map((r) => r.last.streamVersion),
    ],
  );
  if (inserted.rowCount !== rows.length) throw new IdempotencyRace();
}
