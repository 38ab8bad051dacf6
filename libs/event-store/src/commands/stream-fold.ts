import {
  decodeState,
  encodeState,
  eventSchemaFingerprint,
  readStoredEvent,
  type DomainEvent,
} from '@sunshine/domain';
import { GENESIS_HASH, verifyChain } from '../hash-chain';
import { streamTampered } from '../tampering';
import { READ_BATCH_MAX, type EventStore, type StoredEvent } from '../port';
import type { AnyDecider, CachedStream } from './aggregate-cache';

/**
 * Folding a stream into decider state: from a cached fold or a stored snapshot, reading only
 * the events after it, page by page over version ranges.
 */

/** A stream longer than this is a modelling error (aggregates must stay small). */
export const STREAM_EVENTS_MAX = 1_000_000;
/** A snapshot is taken once this many events, or a quarter of the stream, came after it. */
export const SNAPSHOT_EVERY_EVENTS_MIN = 1_000;

export type ParseEvent = (stored: StoredEvent) => DomainEvent;

export const readOwnEvent: ParseEvent = (stored) => readStoredEvent(stored);

let fingerprint: string | undefined;

/** The snapshot format of a decider, or undefined when its streams are not snapshotted. */
export function snapshotFormat(decider: AnyDecider): string | undefined {
  if (!decider.snapshot) return undefined;
  fingerprint ??= eventSchemaFingerprint();
  const { name, stateVersion } = decider.snapshot;
  return `${name}/${stateVersion}/${fingerprint}`;
}

export function emptyFold(decider: AnyDecider): CachedStream {
  return {
    decider,
    state: decider.initialState(),
    version: 0,
    lastHash: GENESIS_HASH,
    snapshotVersion: 0,
  };
}

/**
 * The fold advanced by every event stored after it; the same entry when there is none. The
 * new events must chain onto the fold's last hash (SPEC §12): only they are hashed, so a hot
 * stream's command stays as cheap as its new events.
 */
export async function catchUp(
  store: EventStore,
  streamId: string,
  from: CachedStream,
  parse: ParseEvent,
): Promise<CachedStream> {
  let { state, version, lastHash } = from;
  while (version < STREAM_EVENTS_MAX) {
    const page = await store.readStream(streamId, {
      fromVersion: version + 1,
      maxCount: READ_BATCH_MAX,
    });
    const check = verifyChain(page, { prevHash: lastHash, version: version + 1 });
    if (!check.verified) throw streamTampered(store, streamId, check.brokenAt ?? version + 1);
    for (const stored of page) state = from.decider.evolve(state, parse(stored));
    const last = page[page.length - 1];
    if (last) ({ streamVersion: version, hash: lastHash } = last);
    if (page.length < READ_BATCH_MAX) {
      return version === from.version ? from : { ...from, state, version, lastHash };
    }
  }
  throw new Error(`stream ${streamId} exceeds ${STREAM_EVENTS_MAX} events`);
}

/** A cold start: the stored snapshot, if any, then the events after it. */
export async function foldFromStore(
  store: EventStore,
  streamId: string,
  decider: AnyDecider,
  parse: ParseEvent,
): Promise<CachedStream> {
  const format = snapshotFormat(decider);
  const snapshot =
    format && store.snapshots ? await store.snapshots.loadSnapshot(streamId, format) : undefined;
  if (snapshot) await assertSnapshotAnchor(store, streamId, snapshot);
  const start: CachedStream = snapshot
    ? {
        decider,
        state: decodeState(snapshot.state),
        version: snapshot.streamVersion,
        lastHash: snapshot.lastHash,
        snapshotVersion: snapshot.streamVersion,
      }
    : emptyFold(decider);
  return catchUp(store, streamId, start, parse);
}

/** The event a snapshot was taken at must still be stored with the hash the snapshot kept. */
async function assertSnapshotAnchor(
  store: EventStore,
  streamId: string,
  snapshot: { streamVersion: number; lastHash: string },
): Promise<void> {
  const [anchor] = await store.readStream(streamId, {
    fromVersion: snapshot.streamVersion,
    maxCount: 1,
  });
  if (anchor?.streamVersion !== snapshot.streamVersion || anchor.hash !== snapshot.lastHash) {
    throw streamTampered(store, streamId, snapshot.streamVersion);
  }
}

export function snapshotDue(entry: CachedStream): boolean {
  if (!entry.decider.snapshot) return false;
  const since = entry.version - entry.snapshotVersion;
  return since >= Math.max(SNAPSHOT_EVERY_EVENTS_MIN, Math.floor(entry.version / 4));
}

/** Stores the entry's state as a snapshot; returns false when the store keeps none. */
export async function saveSnapshot(
  store: EventStore,
  streamId: string,
  entry: CachedStream,
): Promise<boolean> {
  const format = snapshotFormat(entry.decider);
  if (!format || !store.snapshots) return false;
  await store.snapshots.saveSnapshot({
    streamId,
    format,
    streamVersion: entry.version,
    lastHash: entry.lastHash,
    state: encodeState(entry.state),
  });
  return true;
}
