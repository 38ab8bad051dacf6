import { DomainError } from '@sunshine/domain';
import type { EventStore } from './port';

/**
 * A stream whose stored events no longer match their hash chain (SPEC §12). Every fold
 * refuses it with 409 STREAM_TAMPERED, and the listeners registered on the store hear of it,
 * so that the supervision layer can raise TAMPER_DETECTED without the store knowing alerts.
 */
export class StreamTamperedError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly streamVersion: number,
  ) {
    super('STREAM_TAMPERED', `stream ${streamId} does not match its hash chain`, [
      { path: 'streamVersion', message: `the chain breaks at version ${streamVersion}` },
    ]);
    this.name = 'StreamTamperedError';
  }
}

export interface TamperReport {
  streamId: string;
  streamVersion: number;
  /** A region the stream's events name, when the finder knows one. */
  regionCode?: string;
}

export type TamperListener = (report: TamperReport) => void;

const listeners = new WeakMap<EventStore, Set<TamperListener>>();

/** Tells `listener` about every broken chain a fold on this store meets; returns an unsubscribe. */
export function onStreamTampered(store: EventStore, listener: TamperListener): () => void {
  let set = listeners.get(store);
  if (!set) {
    set = new Set();
    listeners.set(store, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Announces a broken chain to the store's listeners and returns the error to throw. */
export function streamTampered(
  store: EventStore,
  streamId: string,
  streamVersion: number,
  regionCode?: string,
): StreamTamperedError {
  const report = { streamId, streamVersion, ...(regionCode ? { regionCode } : {}) };
  for (const listener of listeners.get(store) ?? []) {
    try {
      listener(report);
    } catch {
      // A listener's failure must not change the answer of the fold that found the break.
    }
  }
  return new StreamTamperedError(streamId, streamVersion);
}
