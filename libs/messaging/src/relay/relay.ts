import { SpanKind } from '@opentelemetry/api';
import type { CheckpointStore, EventStore, StoredEvent } from '@sunshine/event-store';
import type { Producer, TopicMessages } from 'kafkajs';
import { toKafkaMessage, topicForStream } from '../topics';
import { activeTraceparent, inEventsSpan } from '../tracing';
import { assertBatchSize } from '../limits';
import { WakeSignal } from '../wake-signal';
import type { SingletonLock } from './redis-lock';

/**
 * Copies the event store to Kafka, at least once: read the events after the checkpoint, send
 * them, wait for every broker acknowledgement, and only then move the checkpoint. A crash
 * between the send and the save republishes that batch, which idempotent consumers absorb.
 *
 * Only the holder of the singleton lock publishes. It renews the lease on a timer; when a
 * renewal fails, or the lease would run out before the next renewal lands, the relay stops
 * publishing at once and goes back to standby, so after the TTL a standby can take over
 * without two relays sending side by side for longer than one in-flight batch.
 */

export const RELAY_NAME_DEFAULT = 'kafka-relay';
export const RELAY_BATCH_SIZE_DEFAULT = 500;
/**
 * An append by this process wakes the relay at once; one by another instance waits for the
 * next poll, so the poll bounds the relay's share of a payment's way to the read models. An
 * idle poll is one indexed read of nothing: 20 a second cost next to nothing.
 */
export const RELAY_POLL_INTERVAL_MS_DEFAULT = 50;
export const RELAY_ACQUIRE_RETRY_MS_DEFAULT = 1_000;
export const RELAY_ERROR_BACKOFF_MS_MIN = 200;
export const RELAY_ERROR_BACKOFF_MS_MAX = 10_000;
/** Renew three times per TTL, so one slow or failed renewal does not lose the lease. */
export const RELAY_RENEWALS_PER_TTL = 3;
/** Act only while this share of the TTL remains, leaving room for clock drift and a send. */
export const RELAY_LEASE_SAFETY_RATIO = 0.2;

export interface KafkaRelayOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  /** A connected kafkajs producer; see `createRelayProducer`. */
  producer: Producer;
  lock: SingletonLock;
  /** Checkpoint name. */
  name?: string;
  batchSize?: number;
  pollIntervalMs?: number;
  acquireRetryMs?: number;
  onError?: (error: unknown) => void;
  /** Told when this relay becomes the publisher (true) or stops being it (false). */
  onLeadership?: (leader: boolean) => void;
}

export class KafkaRelay {
  private readonly batchSize: number;
  private readonly signal = new WakeSignal();
  private stopping = false;
  private running: Promise<void> | undefined;
  private leaseValidUntilMs = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private position: number | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Events this instance has sent and checkpointed. */
  relayedCount = 0;

  constructor(private readonly options: KafkaRelayOptions) {
    this.batchSize = options.batchSize ?? RELAY_BATCH_SIZE_DEFAULT;
    assertBatchSize(this.batchSize);
  }

  get name(): string {
    return this.options.name ?? RELAY_NAME_DEFAULT;
  }

  isLeader(): boolean {
    return Date.now() < this.leaseValidUntilMs;
  }

  start(): void {
    if (this.running) throw new Error('relay already started');
    this.stopping = false;
    this.unsubscribe = this.options.store.onAppended?.(() => this.signal.notify());
    this.running = this.run();
  }

  /** Finishes the batch in flight, then gives the lock up so a standby can take over at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal.notify();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.running;
    this.running = undefined;
    const wasLeader = this.renewTimer !== undefined;
    this.stepDown();
    if (wasLeader) await this.options.lock.release().catch((error) => this.reportError(error));
  }

  private async run(): Promise<void> {
    let backoffMs = RELAY_ERROR_BACKOFF_MS_MIN;
    while (!this.stopping) {
      try {
        if (!this.isLeader()) {
          if (this.renewTimer) this.stepDown();
          if (!(await this.tryLead())) {
            await this.signal.wait(this.options.acquireRetryMs ?? RELAY_ACQUIRE_RETRY_MS_DEFAULT);
          }
          continue;
        }
        const relayed = await this.relayOnce();
        backoffMs = RELAY_ERROR_BACKOFF_MS_MIN;
        if (relayed === 0 && !this.stopping) {
          await this.signal.wait(this.options.pollIntervalMs ?? RELAY_POLL_INTERVAL_MS_DEFAULT);
        }
      } catch (error) {
        this.reportError(error);
        // The checkpoint may have moved under another leader meanwhile: reload it.
        this.position = undefined;
        if (!this.stopping) await this.signal.wait(backoffMs);
        backoffMs = Math.min(backoffMs * 2, RELAY_ERROR_BACKOFF_MS_MAX);
      }
    }
  }

  /** Sends one batch; returns how many events it relayed (0 when caught up or not leading). */
  private async relayOnce(): Promise<number> {
    const after = this.position ?? (await this.options.checkpoints.load(this.name));
    this.position = after;
    const events = await this.options.store.readAll({ after, maxCount: this.batchSize });
    if (events.length === 0 || !this.isLeader()) return 0;
    await inEventsSpan('sunshine relay publish', SpanKind.PRODUCER, events, {
      'messaging.system': 'kafka',
    }, () => {
      const topicMessages = groupByTopic(events, activeTraceparent(), after);
      return this.options.producer.sendBatch({ topicMessages, acks: -1 });
    });
    // A lease lost during the send leaves the checkpoint to the next leader, which resends
    // this batch: a duplicate, never a gap, and never a checkpoint moved back under it.
    if (!this.isLeader()) return 0;
    const last = events[events.length - 1]!.globalPosition;
    await this.options.checkpoints.save(this.name, last);
    this.position = last;
    this.relayedCount += events.length;
    return events.length;
  }

  private async tryLead(): Promise<boolean> {
    const askedAtMs = Date.now();
    if (!(await this.options.lock.tryAcquire())) return false;
    this.extendLease(askedAtMs);
    this.position = undefined;
    this.scheduleRenewal();
    this.options.onLeadership?.(true);
    return true;
  }

  private extendLease(askedAtMs: number): void {
    const ttlMs = this.options.lock.ttlMs;
    this.leaseValidUntilMs = askedAtMs + ttlMs * (1 - RELAY_LEASE_SAFETY_RATIO);
  }

  private scheduleRenewal(): void {
    const everyMs = Math.floor(this.options.lock.ttlMs / RELAY_RENEWALS_PER_TTL);
    this.renewTimer = setTimeout(() => void this.renew(), everyMs);
  }

  private async renew(): Promise<void> {
    const askedAtMs = Date.now();
    let renewed = false;
    try {
      renewed = await this.options.lock.renew();
    } catch (error) {
      this.reportError(error);
    }
    if (!this.renewTimer) return;
    if (renewed) {
      this.extendLease(askedAtMs);
      this.scheduleRenewal();
      return;
    }
    // Lost: stop publishing now, not at the lease's end; the loop goes back to standby.
    this.stepDown();
    this.signal.notify();
  }

  private stepDown(): void {
    const wasLeader = this.renewTimer !== undefined;
    clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
    this.leaseValidUntilMs = 0;
    this.position = undefined;
    if (wasLeader) this.options.onLeadership?.(false);
  }

  private reportError(error: unknown): void {
    this.options.onError?.(error);
  }
}

/**
 * Keeps each topic's messages in global order, hence each stream's in version order.
 * `traceparent`: the publish span, written into every message's headers. `after`: the
 * position relayed before this batch, so that each message names its predecessor.
 */
export function groupByTopic(
  events: StoredEvent[],
  traceparent?: string,
  after?: number,
): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  let previous = after;
  for (const event of events) {
    const topic = topicForStream(event.streamId);
    let group = byTopic.get(topic);
    if (!group) {
      group = { topic, messages: [] };
      byTopic.set(topic, group);
    }
    group.messages.push(toKafkaMessage(event, traceparent, previous));
    previous = previous === undefined ? undefined : event.globalPosition;
  }
  return [...byTopic.values()];
}
