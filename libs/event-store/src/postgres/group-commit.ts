import type { PoolClient } from 'pg';
import { GENESIS_HASH } from '../hash-chain';
import {
  IdempotencyKeyTaken,
  type AppendOptions,
  type AppendPart,
  type AppendResult,
  type NewEvent,
  type StoredEvent,
} from '../port';
import { findIdempotent, storeIdempotent } from './idempotency';
import {
  checkExpectedVersion,
  insertEvents,
  lockHeads,
  prepareEvents,
  updateHeads,
  type PreparedEvent,
  type StreamHead,
} from './write';

/**
 * Group commit. Every append must hold the one-row position counter until it commits (that
 * is what keeps positions in commit order), so one transaction per append is capped by the
 * disk's fsync rate. Instead, appends that arrive while a transaction is in flight wait in a
 * queue and the next transaction carries all of them: each is still checked against its own
 * expected version and fails alone, but they share one commit.
 */

/** Appends and events per shared transaction, to keep each transaction short. */
export const GROUP_APPENDS_MAX = 500;
export const GROUP_EVENTS_MAX = 5000;

export interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  options: AppendOptions;
  /**
   * Set by `appendBatch`: `events` is the concatenation of the parts' events, and each part
   * records its own idempotency key (`options.idempotencyKey` is then unset).
   */
  parts?: readonly AppendPart[];
}

export type Outcome = { ok: AppendResult } | { error: unknown };

interface Planned {
  prepared: PreparedEvent[];
  outcome?: Outcome;
  /** Index of an earlier append in the batch with the same idempotency key. */
  sameAs?: number;
}

/** Takes from the queue as many appends as fit the group limits (at least one). */
export function takeGroup<T extends PendingAppend>(queue: T[]): T[] {
  let events = 0;
  let count = 0;
  for (const pending of queue) {
    if (count >= GROUP_APPENDS_MAX) break;
    if (count > 0 && events + pending.events.length > GROUP_EVENTS_MAX) break;
    events += pending.events.length;
    count += 1;
  }
  return queue.splice(0, count);
}

function keysOf(pending: PendingAppend): string[] {
  const keys = pending.parts
    ? pending.parts.map((part) => part.idempotencyKey)
    : [pending.options.idempotencyKey];
  return keys.filter((key): key is string => key !== undefined);
}

/** Plans a batch of parts: all of it against the head, or none when a key was used. */
function planParts(
  pending: PendingAppend,
  parts: readonly AppendPart[],
  heads: Map<string, StreamHead>,
  usedKeys: (key: string) => boolean,
): Planned {
  if (keysOf(pending).some(usedKeys)) {
    return { prepared: [], outcome: { error: new IdempotencyKeyTaken() } };
  }
  let head = heads.get(pending.streamId);
  if (!head) throw new Error(`stream head ${pending.streamId} was not locked`);
  try {
    checkExpectedVersion(pending.streamId, head.version, pending.options.expectedVersion);
  } catch (error) {
    return { prepared: [], outcome: { error } };
  }
  const before = head.version;
  const prepared: PreparedEvent[] = [];
  for (const part of parts) {
    const events = prepareEvents(pending.streamId, head, part.events, part.idempotencyKey);
    const last = events[events.length - 1];
    if (last) head = { version: last.streamVersion, lastHash: last.hash };
    // A loop, not a spread: one command may carry COMMAND_EVENTS_MAX (100,001) events.
    for (const event of events) prepared.push(event);
  }
  heads.set(pending.streamId, head);
  return { prepared, outcome: { ok: emptyResult(pending.streamId, before) } };
}

async function plan(client: PoolClient, group: readonly PendingAppend[]): Promise<Planned[]> {
  const heads = await lockHeads(client, group.map((p) => p.streamId), GENESIS_HASH);
  const stored = await findIdempotent(client, group.flatMap(keysOf));
  const firstWithKey = new Map<string, number>();
  const usedKeys = (key: string) => stored.has(key) || firstWithKey.has(key);
  const planned = group.map((pending, index): Planned => {
    if (pending.parts) {
      const batch = planParts(pending, pending.parts, heads, usedKeys);
      if (batch.prepared.length > 0) {
        for (const key of keysOf(pending)) firstWithKey.set(key, index);
      }
      return batch;
    }
    const key = pending.options.idempotencyKey;
    const earlier = stored.get(key ?? '');
    if (key !== undefined && earlier) return { prepared: [], outcome: { ok: earlier } };
    const sameAs = key === undefined ? undefined : firstWithKey.get(key);
    if (sameAs !== undefined) return { prepared: [], sameAs };
    const head = heads.get(pending.streamId);
    if (!head) throw new Error(`stream head ${pending.streamId} was not locked`);
    try {
      checkExpectedVersion(pending.streamId, head.version, pending.options.expectedVersion);
    } catch (error) {
      return { prepared: [], outcome: { error } };
    }
    const prepared = prepareEvents(pending.streamId, head, pending.events, key);
    const last = prepared[prepared.length - 1];
    if (last) heads.set(pending.streamId, { version: last.streamVersion, lastHash: last.hash });
    if (key !== undefined) firstWithKey.set(key, index);
    return { prepared, outcome: { ok: emptyResult(pending.streamId, head.version) } };
  });
  await updateHeads(client, heads);
  return planned;
}

function emptyResult(streamId: string, version: number): AppendResult {
  return { streamId, nextExpectedVersion: version, lastPosition: 0, events: [], duplicate: false };
}

/** Writes a group in the caller's transaction; returns one outcome per append, in order. */
export async function writeGroup(
  client: PoolClient,
  group: readonly PendingAppend[],
): Promise<Outcome[]> {
  const planned = await plan(client, group);
  const stored = await insertEvents(client, planned.flatMap((p) => p.prepared));
  let offset = 0;
  const keyed: { key: string; events: StoredEvent[] }[] = [];
  for (const [index, item] of planned.entries()) {
    if (item.prepared.length === 0) continue;
    const events = stored.slice(offset, offset + item.prepared.length);
    offset += events.length;
    const last = events[events.length - 1];
    keyed.push(...keyedEvents(group[index], events));
    item.outcome = {
      ok: {
        streamId: item.prepared[0]?.streamId ?? '',
        nextExpectedVersion: last?.streamVersion ?? 0,
        lastPosition: last?.globalPosition ?? 0,
        events,
        duplicate: false,
      },
    };
  }
  await storeIdempotent(client, keyed);
  return planned.map((item) => outcomeOf(planned, item));
}

/** The idempotency keys an append records, each with the events written under it. */
function keyedEvents(
  pending: PendingAppend | undefined,
  events: StoredEvent[],
): { key: string; events: StoredEvent[] }[] {
  if (!pending) return [];
  if (!pending.parts) {
    const key = pending.options.idempotencyKey;
    return key === undefined ? [] : [{ key, events }];
  }
  const keyed: { key: string; events: StoredEvent[] }[] = [];
  let offset = 0;
  for (const part of pending.parts) {
    const slice = events.slice(offset, offset + part.events.length);
    offset += part.events.length;
    if (part.idempotencyKey !== undefined) keyed.push({ key: part.idempotencyKey, events: slice });
  }
  return keyed;
}

function outcomeOf(planned: readonly Planned[], item: Planned): Outcome {
  if (item.sameAs === undefined) {
    if (!item.outcome) throw new Error('an append in the group has no outcome');
    return item.outcome;
  }
  const first = planned[item.sameAs]?.outcome;
  if (!first || !('ok' in first)) throw new Error('a keyed append refers to a failed append');
  return { ok: { ...first.ok, duplicate: true } };
}
