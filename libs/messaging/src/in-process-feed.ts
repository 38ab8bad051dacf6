import { SpanKind } from '@opentelemetry/api';
import type { EventStore } from '@sunshine/event-store';
import type { EventConsumer, EventFeed } from './feed';
import { inEventsSpan } from './tracing';
import { assertBatchSize } from './limits';
import { WakeSignal } from './wake-signal';

/**
 * Feeds consumers straight from the event store in global order (embedded mode): each
 * consumer resumes after its own `lastPosition()`, reads batches with `readAll`, and sleeps
 * until the store announces an append in this process or the poll interval passes (appends by
 * other processes are only seen by polling).
 */

export const IN_PROCESS_BATCH_SIZE_DEFAULT = 500;
export const IN_PROCESS_POLL_INTERVAL_MS_DEFAULT = 500;
/**
 * After a batch that did not fill up, a consumer waits this long before reading again, so
 * that under load the appends of many commands reach it as one batch (one transaction, one
 * checkpoint) instead of one round per commit; it adds at most this much to the delay.
 */
export const IN_PROCESS_COALESCE_MS_DEFAULT = 20;
/** Failures back off exponentially from the first value up to the cap. */
export const IN_PROCESS_ERROR_BACKOFF_MS_MIN = 100;
export const IN_PROCESS_ERROR_BACKOFF_MS_MAX = 10_000;

export interface InProcessFeedOptions {
  store: EventStore;
  batchSize?: number;
  pollIntervalMs?: number;
  coalesceMs?: number;
  /** Told about every failed batch; the feed retries the batch after a back-off. */
  onError?: (consumerName: string, error: unknown) => void;
}

interface Runner {
  consumer: EventConsumer;
  signal: WakeSignal;
  stopping: boolean;
  done: Promise<void>;
}

export class InProcessFeed implements EventFeed {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly coalesceMs: number;
  private readonly runners: Runner[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: InProcessFeedOptions) {
    this.batchSize = options.batchSize ?? IN_PROCESS_BATCH_SIZE_DEFAULT;
    this.pollIntervalMs = options.pollIntervalMs ?? IN_PROCESS_POLL_INTERVAL_MS_DEFAULT;
    this.coalesceMs = options.coalesceMs ?? IN_PROCESS_COALESCE_MS_DEFAULT;
    assertBatchSize(this.batchSize);
  }

  /** Starts feeding the consumer; resolves at once, the catch-up runs in the background. */
  async start(consumer: EventConsumer): Promise<void> {
    if (this.runners.some((runner) => runner.consumer.name === consumer.name)) {
      throw new Error(`consumer ${consumer.name} is already fed`);
    }
    if (!this.unsubscribe && this.options.store.onAppended) {
      this.unsubscribe = this.options.store.onAppended(() => {
        for (const runner of this.runners) runner.signal.notify();
      });
    }
    const signal = new WakeSignal();
    const runner: Runner = { consumer, signal, stopping: false, done: Promise.resolve() };
    runner.done = this.run(runner);
    this.runners.push(runner);
  }

  /** Stops every consumer after its current batch, so no batch is cut in half. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const runners = this.runners.splice(0);
    for (const runner of runners) {
      runner.stopping = true;
      runner.signal.notify();
    }
    await Promise.all(runners.map((runner) => runner.done));
  }

  private async run(runner: Runner): Promise<void> {
    let backoffMs = IN_PROCESS_ERROR_BACKOFF_MS_MIN;
    while (!runner.stopping) {
      try {
        const fed = await this.feedOnce(runner.consumer);
        backoffMs = IN_PROCESS_ERROR_BACKOFF_MS_MIN;
        if (fed < this.batchSize && !runner.stopping) await this.pause(runner, fed);
      } catch (error) {
        this.options.onError?.(runner.consumer.name, error);
        if (!runner.stopping) await runner.signal.wait(backoffMs);
        backoffMs = Math.min(backoffMs * 2, IN_PROCESS_ERROR_BACKOFF_MS_MAX);
      }
    }
  }

  /** Sleeps until an append is announced (or the poll interval), then lets more gather. */
  private async pause(runner: Runner, fed: number): Promise<void> {
    if (fed === 0) await runner.signal.wait(this.pollIntervalMs);
    if (this.coalesceMs > 0 && !runner.stopping) {
      await new Promise((resolve) => setTimeout(resolve, this.coalesceMs));
    }
  }

  /**
   * One batch. The position is asked of the consumer every time rather than cached, because
   * the consumer stores it with its effects: after a failed batch it tells where to resume.
   */
  private async feedOnce(consumer: EventConsumer): Promise<number> {
    const after = await consumer.lastPosition();
    const events = await this.options.store.readAll({ after, maxCount: this.batchSize });
    if (events.length > 0) {
      await inEventsSpan(`${consumer.name} process`, SpanKind.CONSUMER, events, {
        'messaging.system': 'in-process',
        'messaging.consumer.group.name': consumer.name,
      }, () => consumer.handle(events));
    }
    return events.length;
  }
}
