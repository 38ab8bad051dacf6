import { READ_BATCH_MAX, type CheckpointStore, type EventStore, type StoredEvent } from './port';

/**
 * A catch-up subscription over the global log, free of any transport: it reads `readAll`
 * after its checkpoint, hands each batch to the handler, then saves the checkpoint. Because
 * the store assigns positions in commit order, reading "after the checkpoint" never skips.
 * Delivery is at least once across crashes (a crash between handler and save repeats one
 * batch), exactly once across `stop()` and restart.
 */

export const POLL_INTERVAL_MS_DEFAULT = 500;
/** Consecutive handler or read failures after which the subscription gives up. */
export const SUBSCRIPTION_FAILURES_MAX = 10;

export interface CatchUpSubscriptionOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  name: string;
  handler: (batch: StoredEvent[]) => Promise<void>;
  /** Events per handler call, at most READ_BATCH_MAX. */
  batchSize?: number;
  /** How long to sleep when caught up, unless the store announces an append sooner. */
  pollIntervalMs?: number;
  /** Told about each failure before the batch is retried. */
  onError?: (error: unknown) => void;
}

export interface CatchUpSubscription {
  /** The position of the last event handled and checkpointed. */
  position(): number;
  /** Finishes the batch in hand, saves its checkpoint, then resolves. */
  stop(): Promise<void>;
  /** Settles when the loop ends: resolves after stop(), rejects after too many failures. */
  readonly finished: Promise<void>;
}

/** A sleep that an append or stop cuts short; a wake-up with no sleeper is kept for the next. */
class Waker {
  private wake: (() => void) | undefined;
  private pending = false;

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fire(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  fire(): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) wake();
    else this.pending = true;
  }
}

export function catchUpSubscription(options: CatchUpSubscriptionOptions): CatchUpSubscription {
  const batchSize = Math.min(Math.max(1, options.batchSize ?? READ_BATCH_MAX), READ_BATCH_MAX);
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS_DEFAULT;
  const waker = new Waker();
  const unsubscribe = options.store.onAppended?.(() => waker.fire()) ?? (() => undefined);
  let position = 0;
  let stopping = false;

  const loop = async (): Promise<void> => {
    position = await options.checkpoints.load(options.name);
    let failures = 0;
    while (!stopping) {
      try {
        const batch = await options.store.readAll({ after: position, maxCount: batchSize });
        const last = batch[batch.length - 1];
        if (!last) {
          if (stopping) break;
          await waker.sleep(pollIntervalMs);
          continue;
        }
        await options.handler(batch);
        await options.checkpoints.save(options.name, last.globalPosition);
        position = last.globalPosition;
        failures = 0;
      } catch (error) {
        failures += 1;
        options.onError?.(error);
        if (failures >= SUBSCRIPTION_FAILURES_MAX) throw error;
        await waker.sleep(pollIntervalMs);
      }
    }
  };

  const finished = loop().finally(unsubscribe);
  // A rejection is reported through `finished` and `stop()`; this keeps an unobserved
  // failure from crashing the process as an unhandled rejection.
  finished.catch(() => undefined);
  return {
    position: () => position,
    stop: async () => {
      stopping = true;
      waker.fire();
      await finished;
    },
    finished,
  };
}
