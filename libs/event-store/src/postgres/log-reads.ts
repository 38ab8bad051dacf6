import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { LogVerifier, type LogRow, type RecordedStreamHead } from '../log-verification';
import {
  READ_BATCH_MAX,
  type LogHead,
  type LogVerification,
  type StoredEvent,
  type VerifyLogOptions,
} from '../port';
import { EVENT_COLUMNS, parseEventRow } from './rows';

/** Rows read per page while the whole log is verified. */
export const VERIFY_PAGE_ROWS = 5_000;
/** A verification reads the log in one snapshot; it gives up after this long. */
export const VERIFY_LOG_TIMEOUT_MS = 30 * 60_000;

const logRow = z.object({
  global_position: z.union([z.string(), z.number()]).transform(Number),
  stream_id: z.string(),
  stream_version: z.number().int(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  occurred_on: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
  global_hash: z.string().nullable(),
});

function toLogRow(raw: unknown): LogRow {
  const row = logRow.parse(raw);
  return {
    position: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    data: row.data,
    occurredOn: row.occurred_on,
    prevHash: row.prev_hash,
    hash: row.hash,
    globalHash: row.global_hash,
  };
}

export async function readLogHead(db: Pool | PoolClient): Promise<LogHead> {
  const { rows } = await db.query<{ value: string; global_hash: string }>(
    'SELECT value, global_hash FROM es_position WHERE id = 1',
  );
  const row = rows[0];
  return { headPosition: Number(row?.value ?? 0), globalHash: row?.global_hash ?? '' };
}

async function readHeads(client: PoolClient): Promise<RecordedStreamHead[]> {
  const { rows } = await client.query<{ stream_id: string; version: number; last_hash: string }>(
    'SELECT stream_id, version, last_hash FROM es_streams WHERE version > 0',
  );
  return rows.map((r) => ({ streamId: r.stream_id, version: r.version, lastHash: r.last_hash }));
}

/**
 * Reads the whole log in one REPEATABLE READ snapshot, so appends made meanwhile are neither
 * half seen nor mistaken for breaks, and checks it with a LogVerifier.
 */
export async function verifyPostgresLog(
  pool: Pool,
  options: VerifyLogOptions,
): Promise<{ result: LogVerification; verifier: LogVerifier }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SELECT set_config('statement_timeout', $1, true)", [
      String(VERIFY_LOG_TIMEOUT_MS),
    ]);
    const recorded = await readLogHead(client);
    const verifier = new LogVerifier(options.anchor);
    let after = 0;
    for (;;) {
      const { rows } = await client.query(
        `SELECT e.global_position, e.stream_id, e.stream_version, e.type, e.data,
           e.occurred_on::text AS occurred_on, e.prev_hash, e.hash, g.global_hash
         FROM es_events e LEFT JOIN es_global_chain g ON g.position = e.global_position
         WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`,
        [after, VERIFY_PAGE_ROWS],
      );
      for (const raw of rows) verifier.add(toLogRow(raw));
      const last = rows[rows.length - 1] as { global_position: string } | undefined;
      if (!last || rows.length < VERIFY_PAGE_ROWS) break;
      after = Number(last.global_position);
    }
    const heads = await readHeads(client);
    await client.query('COMMIT');
    return { result: verifier.finish(recorded, heads, options), verifier };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function readEventsById(
  pool: Pool,
  eventIds: readonly string[],
): Promise<StoredEvent[]> {
  const ids = [...new Set(eventIds)].slice(0, READ_BATCH_MAX);
  if (ids.length === 0) return [];
  const { rows } = await pool.query(
    `SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id = ANY($1::text[])
     ORDER BY global_position`,
    [ids],
  );
  return rows.map(parseEventRow);
}
