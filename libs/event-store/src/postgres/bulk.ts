import type { PoolClient } from 'pg';
import { GENESIS_HASH } from '../hash-chain';
import type { AppendResult, BulkAppendItem, StoredEvent } from '../port';
import {
  checkExpectedVersion,
  INSERT_ROWS_MAX,
  lockHeads,
  prepareEvents,
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
 * events are hashed and inserted slice by slice: each INSERT is sent without waiting for the
 * previous one, so the server writes while the next slice is hashed. Any conflict or failed
 * INSERT rolls back the whole import.
 */
export async function appendBulkInTransaction(
  client: PoolClient,
  items: BulkAppendItem[],
): Promise<AppendResult[]> {
  const heads = await lockHeads(
    client,
    items.map((item) => item.streamId),
    GENESIS_HASH,
  );
  checkVersions(items, heads);
  const total = items.reduce((sum, item) => sum + item.events.length, 0);
  const recordedAt = new Date().toISOString();
  const firstPosition = total === 0 ? 0 : await takePositions(client, total);
  const inserts: Promise<unknown>[] = [];
  let storedPerItem: StoredEvent[][];
  try {
    storedPerItem = hashAndSend(client, items, heads, { firstPosition, recordedAt, inserts });
  } finally {
    // Every INSERT already sent is awaited, even after a failure, so none is left unhandled.
    const settled = await Promise.allSettled(inserts);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
  await updateHeads(client, heads);
  return items.map((item, index) => resultOf(item, storedPerItem[index] ?? [], heads));
}

interface Pipeline {
  firstPosition: number;
  recordedAt: string;
  /** Receives every INSERT sent, for the caller to await. */
  inserts: Promise<unknown>[];
}

/** Hashes the items in order, sending an INSERT every BULK_PIPELINE_ROWS events. */
function hashAndSend(
  client: PoolClient,
  items: readonly BulkAppendItem[],
  heads: Map<string, StreamHead>,
  pipeline: Pipeline,
): StoredEvent[][] {
  const { recordedAt, inserts } = pipeline;
  let position = pipeline.firstPosition;
  const storedPerItem: StoredEvent[][] = [];
  let pending: StoredEvent[] = [];
  for (const item of items) {
    const head = heads.get(item.streamId);
    if (!head) throw new Error(`stream head ${item.streamId} was not locked`);
    const prepared = prepareEvents(item.streamId, head, item.events);
    const stored = storedAt(prepared, position, recordedAt);
    position += stored.length;
    const last = stored[stored.length - 1];
    if (last) heads.set(item.streamId, { version: last.streamVersion, lastHash: last.hash });
    storedPerItem.push(stored);
    pending = pending.concat(stored);
    if (pending.length >= BULK_PIPELINE_ROWS) {
      inserts.push(...sendSlices(client, pending, recordedAt));
      pending = [];
    }
  }
  inserts.push(...sendSlices(client, pending, recordedAt));
  return storedPerItem;
}

/** Sends INSERTs of at most INSERT_ROWS_MAX events each, without waiting for them. */
function sendSlices(
  client: PoolClient,
  events: readonly StoredEvent[],
  recordedAt: string,
): Promise<unknown>[] {
  const sent: Promise<unknown>[] = [];
  for (let start = 0; start < events.length; start += INSERT_ROWS_MAX) {
    sent.push(sendInsert(client, events.slice(start, start + INSERT_ROWS_MAX), recordedAt));
  }
  return sent;
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
