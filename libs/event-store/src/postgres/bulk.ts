import type { PoolClient } from 'pg';
import { GENESIS_HASH } from '../hash-chain';
import type { AppendResult, BulkAppendItem, StoredEvent } from '../port';
import {
  checkExpectedVersion,
  insertEvents,
  lockHeads,
  prepareEvents,
  updateHeads,
  type PreparedEvent,
} from './write';

/** Events in one bulk append: one transaction, so bounded to keep it short. */
export const BULK_EVENTS_MAX = 50_000;

/**
 * Imports: every stream head is locked up front, each item is checked against its expected
 * version (items for the same stream see the versions written by earlier items), then all
 * events go in with batched multi-row INSERTs. Any conflict rolls back the whole import.
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
  const preparedPerItem: PreparedEvent[][] = items.map((item) => {
    const head = heads.get(item.streamId);
    if (!head) throw new Error(`stream head ${item.streamId} was not locked`);
    checkExpectedVersion(item.streamId, head.version, item.expectedVersion);
    const prepared = prepareEvents(item.streamId, head, item.events);
    const last = prepared[prepared.length - 1];
    if (last) heads.set(item.streamId, { version: last.streamVersion, lastHash: last.hash });
    return prepared;
  });
  const stored = await insertEvents(client, preparedPerItem.flat());
  await updateHeads(client, heads);
  let offset = 0;
  return items.map((item, index) => {
    const count = preparedPerItem[index]?.length ?? 0;
    const events: StoredEvent[] = stored.slice(offset, offset + count);
    offset += count;
    const last = events[events.length - 1];
    return {
      streamId: item.streamId,
      nextExpectedVersion: last?.streamVersion ?? heads.get(item.streamId)?.version ?? 0,
      lastPosition: last?.globalPosition ?? 0,
      events,
      duplicate: false,
    };
  });
}
