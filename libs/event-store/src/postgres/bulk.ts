import type { PoolClient } from 'pg';
import { GENESIS_HASH } from '../hash-chain';
import type { AppendResult, BulkAppendItem, NewEvent, StoredEvent } from '../port';
import {
  checkExpectedVersion,
  lockHeads,
  GlobalChain,
  prepareEvents,
  saveGlobalHead,
  sendInsert,
  storedAt,
  takePositions,
  updateHeads,
  type StreamHead,
} from './write';

/** Events in one bulk append: one transaction, so bounded to keep it short. */
export const BULK_EVENTS_MAX = 50_000;

/**
 * Rows per INSERT in a bulk append. Smaller than INSERT_ROWS_MAX so that hashing the next
 * slice in JavaScript overlaps with the server inserting the previous one.
 */
export const BULK_PIPELINE_ROWS = 500;

/**
 * A bulk transaction holds the position counter's row lock, which every append waits for. If
 * the process stops sending (a stalled event loop, a lost reply) the server ends the session
 * after this long, which releases the lock and fails every query the client still awaits.
 */
export const BULK_IDLE_IN_TRANSACTION_MS = 60_000;

/** Checks every item against its stream's version, as moved by earlier items of the call. */
function checkVersions(items: readonly BulkAppendItem[], heads: Map<string, StreamHead>): void {
  const versions = new Map<string, number>();
  for (const item of items) {
    const current = versions.get(item.streamId) ?? heads.get(item.streamId)?.version;
    if (current === undefined) throw new Error(`stream head ${item.streamId} was not locked`);
    checkExpectedVersion(item.streamId, current, item.expectedVersion);
    versions.set(item.streamId, current + item.events.length);
  }
}

/**
 * Imports: every stream head is locked up front, each item is checked against its expected
 * version (items for the same stream see the versions written by earlier items), then the
 * events are hashed and inserted slice by slice, with one INSERT on the wire while the next
 * slice is hashed. The first failed INSERT ends the import: nothing more is sent into the
 * aborted transaction, and the caller rolls the whole import back.
 */
export async function appendBulkInTransaction(
  client: PoolClient,
  items: BulkAppendItem[],
): Promise<AppendResult[]> {
  await client.query("SELECT set_config('idle_in_transaction_session_timeout', $1, true)", [
    String(BULK_IDLE_IN_TRANSACTION_MS),
  ]);
  const heads = await lockHeads(
    client,
    items.map((item) => item.streamId),
    GENESIS_HASH,
  );
  checkVersions(items, heads);
  const total = items.reduce((sum, item) => sum + item.events.length, 0);
  const recordedAt = new Date().toISOString();
  if (total === 0) {
    await updateHeads(client, heads);
    return items.map((item) => resultOf(item, [], heads));
  }
  const { firstPosition, chain } = await takePositions(client, total);
  const pipeline = { firstPosition, recordedAt, chain };
  const storedPerItem = await hashAndInsert(client, items, heads, pipeline);
  await saveGlobalHead(client, chain);
  await updateHeads(client, heads);
  return items.map((item, index) => resultOf(item, storedPerItem[index] ?? [], heads));
}

interface Pipeline {
  firstPosition: number;
  recordedAt: string;
  chain: GlobalChain;
}

/**
 * At most one INSERT is outstanding: it is awaited before the next one is sent, never queued
 * behind it on the connection, so a failure is seen before more work goes to the server.
 */
class InsertPipe {
  private outstanding: Promise<unknown> | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly recordedAt: string,
    private readonly chain: GlobalChain,
  ) {}

  async send(events: readonly StoredEvent[]): Promise<void> {
    await this.settle();
    const sent = sendInsert(this.client, events, this.recordedAt, this.chain);
    // Handled here so that a rejection while the next slice is hashed is never "unhandled";
    // `settle` still rethrows it.
    sent.catch(() => undefined);
    this.outstanding = sent;
  }

  async settle(): Promise<void> {
    const outstanding = this.outstanding;
    this.outstanding = undefined;
    await outstanding;
  }
}

/**
 * Hashes the items in order, BULK_PIPELINE_ROWS events at a time, sending an INSERT once
 * that many are pending; every sent INSERT has settled when this returns or throws.
 */
async function hashAndInsert(
  client: PoolClient,
  items: readonly BulkAppendItem[],
  heads: Map<string, StreamHead>,
  pipeline: Pipeline,
): Promise<StoredEvent[][]> {
  const pipe = new InsertPipe(client, pipeline.recordedAt, pipeline.chain);
  let position = pipeline.firstPosition;
  const storedPerItem: StoredEvent[][] = [];
  let pending: StoredEvent[] = [];
  try {
    for (const item of items) {
      const storedOfItem: StoredEvent[] = [];
      for (const slice of slicesOf(item.events, BULK_PIPELINE_ROWS)) {
        const stored = hashSlice(item.streamId, slice, heads, position, pipeline.recordedAt);
        position += stored.length;
        storedOfItem.push(...stored);
        pending = pending.concat(stored);
        if (pending.length >= BULK_PIPELINE_ROWS) {
          await pipe.send(pending);
          pending = [];
        }
      }
      storedPerItem.push(storedOfItem);
    }
    if (pending.length > 0) await pipe.send(pending);
  } finally {
    // After a failure (or a throw while hashing) the outstanding INSERT is still awaited, so
    // the caller's ROLLBACK is never queued behind it and its error is not lost.
    await pipe.settle();
  }
  return storedPerItem;
}

/** Hashes one slice of a stream's events onto its head and moves the head past them. */
function hashSlice(
  streamId: string,
  events: NewEvent[],
  heads: Map<string, StreamHead>,
  firstPosition: number,
  recordedAt: string,
): StoredEvent[] {
  const head = heads.get(streamId);
  if (!head) throw new Error(`stream head ${streamId} was not locked`);
  const stored = storedAt(prepareEvents(streamId, head, events), firstPosition, recordedAt);
  const last = stored[stored.length - 1];
  if (last) heads.set(streamId, { version: last.streamVersion, lastHash: last.hash });
  return stored;
}

function* slicesOf<T>(values: T[], size: number): Generator<T[]> {
  for (let start = 0; start < values.length; start += size) {
    yield values.slice(start, start + size);
  }
}

function resultOf(
  item: BulkAppendItem,
  events: StoredEvent[],
  heads: Map<string, StreamHead>,
): AppendResult {
  const last = events[events.length - 1];
  return {
    streamId: item.streamId,
    nextExpectedVersion: last?.streamVersion ?? heads.get(item.streamId)?.version ?? 0,
    lastPosition: last?.globalPosition ?? 0,
    events,
    duplicate: false,
  };
}
