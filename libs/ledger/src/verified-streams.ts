import { z } from 'zod';
import {
  streamTampered,
  type EventStore,
  type VerifiedHead,
  type VerifyResult,
} from '@sunshine/event-store';
import { assertSchemaName, type Queryable } from './schema';

/**
 * Hash-chain verification for the ledger's reads, resumed per stream from the last head
 * verified (`verified_streams`), so a request recomputes only the events appended since.
 *
 * The trade-off: an edit of an event at or before a stream's checkpoint, made after it was
 * verified, is not seen by an incremental check (its stored hashes still chain). Changing the
 * checkpoint event itself, breaking a later link or cutting the tail is still seen. `full`
 * verifies from genesis, ignoring the checkpoints, for auditors (SPEC §12).
 */

export const VERIFY_MODES = ['incremental', 'full'] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

/** Streams verified per request; within the store's UNCHANGED_STREAMS_MAX. */
export const VERIFY_STREAMS_MAX = 2_000;
/** Streams verified at once; the embedded store serialises them anyway. */
export const VERIFY_CONCURRENCY = 8;

export interface Integrity {
  verified: boolean;
  streams: number;
  brokenAt?: { streamId: string; streamVersion: number };
  broken: { streamId: string; streamVersion: number }[];
}

const checkpointRow = z.object({
  stream_id: z.string(),
  version: z.coerce.number().int(),
  hash: z.string(),
});

async function loadCheckpoints(
  db: Queryable,
  s: string,
  streamIds: string[],
): Promise<Map<string, VerifiedHead>> {
  const rows = z.array(checkpointRow).parse(
    await db.query(
      `SELECT stream_id, version, hash FROM ${s}.verified_streams
       WHERE stream_id = ANY($1::text[])`,
      [streamIds],
    ),
  );
  return new Map(rows.map((row) => [row.stream_id, { version: row.version, hash: row.hash }]));
}

/** Moves checkpoints forward only: a slower concurrent request never moves one back. */
async function advanceCheckpoints(
  db: Queryable,
  s: string,
  heads: { streamId: string; head: VerifiedHead }[],
): Promise<void> {
  if (heads.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.verified_streams AS checkpoint (stream_id, version, hash, verified_at)
     SELECT stream_id, version, hash, now()
     FROM unnest($1::text[], $2::integer[], $3::text[]) AS v(stream_id, version, hash)
     ON CONFLICT (stream_id) DO UPDATE
       SET version = excluded.version, hash = excluded.hash, verified_at = excluded.verified_at
       WHERE excluded.version > checkpoint.version`,
    [
      heads.map((item) => item.streamId),
      heads.map((item) => item.head.version),
      heads.map((item) => item.head.hash),
    ],
  );
}

/** Streams whose checkpoint is still their end: nothing to verify (one query for all). */
async function unchanged(
  store: EventStore,
  checkpoints: Map<string, VerifiedHead>,
): Promise<Set<string>> {
  if (!store.unchangedStreams || checkpoints.size === 0) return new Set();
  const items = [...checkpoints].map(([streamId, from]) => ({ streamId, from }));
  return new Set(await store.unchangedStreams(items));
}

async function verifyAll(
  store: EventStore,
  ids: string[],
  checkpoints: Map<string, VerifiedHead>,
): Promise<VerifyResult[]> {
  const same = await unchanged(store, checkpoints);
  const results: VerifyResult[] = [];
  const changed: string[] = [];
  for (const streamId of ids) {
    const head = checkpoints.get(streamId);
    if (head && same.has(streamId)) {
      results.push({ streamId, verified: true, eventsChecked: 0, head });
    } else {
      changed.push(streamId);
    }
  }
  for (let start = 0; start < changed.length; start += VERIFY_CONCURRENCY) {
    const slice = changed.slice(start, start + VERIFY_CONCURRENCY);
    const verify = (id: string) => store.verifyStream(id, { from: checkpoints.get(id) });
    results.push(...(await Promise.all(slice.map(verify))));
  }
  return results.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

/**
 * Copies the checkpoints of one schema into another: they describe the event store, not the
 * read model, so a rebuild keeps them rather than verifying every chain from genesis again.
 */
export async function copyVerifiedStreams(db: Queryable, from: string, to: string): Promise<void> {
  const source = assertSchemaName(from);
  const target = assertSchemaName(to);
  const [found] = z
    .array(z.object({ table: z.string().nullable() }))
    .parse(await db.query(`SELECT to_regclass($1)::text AS table`, [`${source}.verified_streams`]));
  if (!found?.table) return;
  await db.query(
    `INSERT INTO ${target}.verified_streams SELECT stream_id, version, hash, verified_at
     FROM ${source}.verified_streams ON CONFLICT (stream_id) DO NOTHING`,
  );
}

/**
 * Verifies each stream's hash chain, a few at a time, from its checkpoint (or from genesis in
 * `full` mode), then advances the checkpoints of the streams found intact. A broken stream's
 * checkpoint stays before the break, so every later request reports it again.
 */
export async function verifyStreams(
  db: Queryable,
  schema: string,
  store: EventStore,
  streamIds: string[],
  mode: VerifyMode = 'incremental',
): Promise<Integrity> {
  const s = assertSchemaName(schema);
  const ids = [...new Set(streamIds)].sort().slice(0, VERIFY_STREAMS_MAX);
  const stored = ids.length === 0 ? new Map() : await loadCheckpoints(db, s, ids);
  const results = await verifyAll(store, ids, mode === 'full' ? new Map() : stored);
  const broken: Integrity['broken'] = [];
  const advanced: { streamId: string; head: VerifiedHead }[] = [];
  for (const result of results) {
    if (!result.verified) {
      broken.push({ streamId: result.streamId, streamVersion: result.brokenAt ?? 0 });
      // As any fold would: the supervision layer raises TAMPER_DETECTED (SPEC §12).
      void streamTampered(store, result.streamId, result.brokenAt ?? 1);
    } else if (result.head && result.head.version > (stored.get(result.streamId)?.version ?? 0)) {
      advanced.push({ streamId: result.streamId, head: result.head });
    }
  }
  await advanceCheckpoints(db, s, advanced);
  const first = broken[0];
  return {
    verified: broken.length === 0,
    streams: ids.length,
    ...(first ? { brokenAt: first } : {}),
    broken,
  };
}
