import { DomainError } from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';

/**
 * Commands on one stream in this process run one after another. Racing requests would
 * otherwise read the same version, and all but one would have to re-read and re-decide; with
 * many of them the retries run out and good requests fail with a conflict. Writers in other
 * processes are still caught by the expected-version check and the handler's retries.
 */

/** Commands waiting for one stream; beyond this a request is refused rather than queued. */
export const STREAM_QUEUE_LENGTH_MAX = 200;

interface Queue {
  tail: Promise<void>;
  length: number;
}

const queuesByStore = new WeakMap<EventStore, Map<string, Queue>>();

function queuesOf(store: EventStore): Map<string, Queue> {
  let queues = queuesByStore.get(store);
  if (!queues) {
    queues = new Map();
    queuesByStore.set(store, queues);
  }
  return queues;
}

export async function runInStreamQueue<T>(
  store: EventStore,
  streamId: string,
  work: () => Promise<T>,
): Promise<T> {
  const queues = queuesOf(store);
  const queue = queues.get(streamId) ?? { tail: Promise.resolve(), length: 0 };
  if (queue.length >= STREAM_QUEUE_LENGTH_MAX) {
    throw new DomainError('CONCURRENCY_CONFLICT', `too many commands waiting for ${streamId}`);
  }
  queue.length += 1;
  queues.set(streamId, queue);
  const previous = queue.tail;
  let release!: () => void;
  queue.tail = new Promise<void>((resolve) => (release = resolve));
  try {
    await previous;
    return await work();
  } finally {
    queue.length -= 1;
    if (queue.length === 0) queues.delete(streamId);
    release();
  }
}
