import { SpanKind } from '@opentelemetry/api';
import type { StoredEvent } from '@sunshine/event-store';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { EventConsumer, EventFeed } from './feed';
import { ALL_TOPICS, HEADER_TRACEPARENT, InvalidMessageError, parseKafkaMessage } from './topics';
import { inEventsSpan } from './tracing';

/**
 * Feeds consumers from Kafka (distributed mode). Each consumer joins the group named after
 * it, so the instances of one service split the partitions and a survivor takes over those
 * of an instance that stopped or died. Offsets are committed only after `handle` resolves:
 * a crash redelivers the uncommitted part, which idempotent consumers skip.
 */

export const KAFKA_HANDLE_BATCH_MAX = 500;
export const KAFKA_SESSION_TIMEOUT_MS_DEFAULT = 10_000;
export const KAFKA_HEARTBEAT_INTERVAL_MS_DEFAULT = 1_000;
/** Bounds one fetch per partition, and so the memory a batch can take. */
export const KAFKA_MAX_BYTES_PER_PARTITION = 1024 * 1024;
/** Retries of one Kafka request (fetch, commit) before the consumer crashes and restarts. */
export const KAFKA_RETRIES_MAX = 5;
/** Pause before restarting a consumer that crashed for good. */
export const KAFKA_RESTART_DELAY_MS = 1_000;
/**
 * How long a broker may hold a fetch that finds nothing new. kafkajs's default (5 s) is the
 * delay an idle consumer adds to the first event after a pause: a payment would take that
 * long to reach the region summary. Each idle fetch costs one request per broker per wait.
 */
export const KAFKA_MAX_WAIT_MS_DEFAULT = 100;
export const KAFKA_MAX_WAIT_MS_MAX = 10_000;

export interface KafkaFeedOptions {
  kafka: Kafka;
  /** Default: all five Sunshine topics. */
  topics?: readonly string[];
  /** Upper bound of events per `handle` call; default KAFKA_HANDLE_BATCH_MAX. */
  handleBatchMax?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Longest wait of a fetch that finds nothing; default KAFKA_MAX_WAIT_MS_DEFAULT. */
  maxWaitTimeMs?: number;
  /**
   * Told about every crash of a consumer (the feed restarts it) and every message skipped
   * because it is not a stored event (an InvalidMessageError naming topic, partition, offset).
   */
  onError?: (consumerName: string, error: unknown) => void;
}

/** kafkajs rejoins the group on these instead of crashing, when it can see them. */
const GROUP_MEMBERSHIP_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);
const ERROR_CAUSE_DEPTH_MAX = 5;

/**
 * The group-membership error type inside an error, looking through the wrappers kafkajs adds
 * when its retries run out (KafkaJSNumberOfRetriesExceeded keeps the original as `cause`).
 */
export function groupMembershipErrorType(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < ERROR_CAUSE_DEPTH_MAX && current instanceof Error; depth += 1) {
    const type: unknown = (current as Error & { type?: unknown }).type;
    if (typeof type === 'string' && GROUP_MEMBERSHIP_ERRORS.has(type)) return type;
    current = current.cause;
  }
  return undefined;
}

interface Member {
  consumer: EventConsumer;
  kafkaConsumer?: Consumer;
  stopping: boolean;
  /** True between a group join and the next crash, stop or disconnect of its consumer. */
  joined: boolean;
  /** Why the member is not joined, for /ready. */
  lastError?: string;
}

export class KafkaFeed implements EventFeed {
  private readonly members: Member[] = [];
  private readonly handleBatchMax: number;
  private readonly maxWaitTimeMs: number;

  constructor(private readonly options: KafkaFeedOptions) {
    this.handleBatchMax = options.handleBatchMax ?? KAFKA_HANDLE_BATCH_MAX;
    const max = this.handleBatchMax;
    if (!Number.isInteger(max) || max < 1 || max > KAFKA_HANDLE_BATCH_MAX) {
      throw new Error(`handleBatchMax must be an integer within 1..${KAFKA_HANDLE_BATCH_MAX}`);
    }
    this.maxWaitTimeMs = options.maxWaitTimeMs ?? KAFKA_MAX_WAIT_MS_DEFAULT;
    const wait = this.maxWaitTimeMs;
    if (!Number.isInteger(wait) || wait < 1 || wait > KAFKA_MAX_WAIT_MS_MAX) {
      throw new Error(`maxWaitTimeMs must be an integer within 1..${KAFKA_MAX_WAIT_MS_MAX}`);
    }
  }

  /** Resolves once the consumer has joined its group and its fetch loop runs. */
  async start(consumer: EventConsumer): Promise<void> {
    const member: Member = { consumer, stopping: false, joined: false };
    await this.startMember(member);
    this.members.push(member);
  }

  /**
   * Readiness (/ready): resolves when every started consumer is in its group and has not
   * crashed since; rejects naming the ones that are not. A feed with no consumer is not ready.
   */
  async check(): Promise<void> {
    if (this.members.length === 0) throw new Error('no Kafka consumer started');
    const down = this.members.filter((member) => !member.joined);
    if (down.length === 0) return;
    const reasons = down.map((m) => `${m.consumer.name}: ${m.lastError ?? 'not in its group'}`);
    throw new Error(`Kafka consumer not ready (${reasons.join('; ')})`);
  }

  /** Lets the batches in flight finish and commit, then leaves the groups. */
  async stop(): Promise<void> {
    const members = this.members.splice(0);
    for (const member of members) member.stopping = true;
    await Promise.all(members.map((member) => member.kafkaConsumer?.disconnect()));
  }

  private async startMember(member: Member): Promise<void> {
    const kafkaConsumer = this.buildConsumer(member.consumer);
    // Set before connecting: a failed join crashes the consumer inside run(), and the crash
    // handler restarts only the member's current consumer.
    member.kafkaConsumer = kafkaConsumer;
    const current = () => member.kafkaConsumer === kafkaConsumer;
    kafkaConsumer.on(kafkaConsumer.events.GROUP_JOIN, () => {
      if (current()) Object.assign(member, { joined: true, lastError: undefined });
    });
    kafkaConsumer.on(kafkaConsumer.events.STOP, () => {
      if (current()) Object.assign(member, { joined: false, lastError: 'stopped' });
    });
    kafkaConsumer.on(kafkaConsumer.events.CRASH, ({ payload }) => {
      if (current()) Object.assign(member, { joined: false, lastError: String(payload.error) });
      this.options.onError?.(member.consumer.name, payload.error);
      if (!payload.restart) this.scheduleRestart(member, kafkaConsumer);
    });
    try {
      await kafkaConsumer.connect();
      const topics = [...(this.options.topics ?? ALL_TOPICS)];
      await kafkaConsumer.subscribe({ topics, fromBeginning: true });
      await kafkaConsumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.handleBatch(kafkaConsumer, member.consumer, payload),
      });
    } catch (error) {
      await kafkaConsumer.disconnect();
      throw error;
    }
  }

  private buildConsumer(consumer: EventConsumer): Consumer {
    const sessionTimeout = this.options.sessionTimeoutMs ?? KAFKA_SESSION_TIMEOUT_MS_DEFAULT;
    return this.options.kafka.consumer({
      groupId: consumer.name,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? KAFKA_HEARTBEAT_INTERVAL_MS_DEFAULT,
      maxBytesPerPartition: KAFKA_MAX_BYTES_PER_PARTITION,
      maxWaitTimeInMs: this.maxWaitTimeMs,
      retry: { retries: KAFKA_RETRIES_MAX },
    });
  }

  /**
   * kafkajs restarts a crashed consumer only after retriable errors; after any other it stays
   * stopped, and the read model it feeds would go silently stale. The feed restarts it itself,
   * resuming from the committed offsets, until the feed is stopped.
   */
  private scheduleRestart(member: Member, crashed: Consumer): void {
    if (member.stopping || member.kafkaConsumer !== crashed) return;
    setTimeout(() => {
      if (member.stopping || member.kafkaConsumer !== crashed) return;
      void crashed
        .disconnect()
        .catch(() => undefined)
        .then(async () => {
          if (member.stopping) return;
          await this.startMember(member);
          // A stop that came while it restarted found the old consumer: close the new one.
          if (member.stopping) await member.kafkaConsumer?.disconnect();
        })
        .catch((error: unknown) => {
          this.options.onError?.(member.consumer.name, error);
          this.scheduleRestart(member, member.kafkaConsumer ?? crashed);
        });
    }, KAFKA_RESTART_DELAY_MS);
  }

  /**
   * A message that cannot be read as a stored event never will be: retrying it would stall
   * every stream that hashes to its partition. It is reported and passed over; the event store
   * still holds the real event, and a rebuild from the store restores whatever it carried.
   */
  private parseChunk(
    consumer: EventConsumer,
    topic: string,
    partition: number,
    messages: KafkaMessage[],
  ): { events: StoredEvent[]; traceparents: string[] } {
    const events: StoredEvent[] = [];
    const traceparents: string[] = [];
    for (const message of messages) {
      try {
        events.push(parseKafkaMessage(message));
        const traceparent = message.headers?.[HEADER_TRACEPARENT];
        if (traceparent !== undefined && !Array.isArray(traceparent)) {
          traceparents.push(traceparent.toString());
        }
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
        const where = `${topic}/${partition}@${message.offset}`;
        const skipped = new InvalidMessageError(`${where}: ${error.message}`);
        this.options.onError?.(consumer.name, skipped);
      }
    }
    return { events, traceparents };
  }

  private handleInSpan(
    consumer: EventConsumer,
    topic: string,
    partition: number,
    events: StoredEvent[],
    traceparents: string[],
  ): Promise<void> {
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': partition,
      'messaging.consumer.group.name': consumer.name,
    };
    const handle = () => consumer.handle(events);
    // The headers name the relay's publish span: the processing continues it.
    const name = `${topic} process`;
    return inEventsSpan(name, SpanKind.CONSUMER, events, attributes, handle, traceparents);
  }

  private async handleBatch(
    kafkaConsumer: Consumer,
    consumer: EventConsumer,
    payload: EachBatchPayload,
  ): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    for (let start = 0; start < batch.messages.length; start += this.handleBatchMax) {
      // After a rebalance or a stop, the partition may belong to someone else now: its
      // remaining messages are theirs to handle, from our last committed offset.
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.handleBatchMax);
      const { topic, partition } = batch;
      const { events, traceparents } = this.parseChunk(consumer, topic, partition, chunk);
      if (events.length > 0) {
        await this.handleInSpan(consumer, topic, partition, events, traceparents);
      }
      const lastOffset = chunk[chunk.length - 1]!.offset;
      resolveOffset(lastOffset);
      const next = (BigInt(lastOffset) + 1n).toString();
      try {
        await kafkaConsumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: next },
        ]);
        await heartbeat();
      } catch (error) {
        throw asRejoinSignal(error);
      }
    }
  }
}

/**
 * A commit refused because the group is rebalancing reaches us wrapped once kafkajs's retries
 * run out, and kafkajs would then crash the consumer instead of rejoining. Surfacing the
 * original type makes it rejoin; the uncommitted chunk is redelivered to the partition's next
 * owner, and idempotent consumers skip what they already applied.
 */
function asRejoinSignal(error: unknown): unknown {
  const type = groupMembershipErrorType(error);
  if (type === undefined || (error as { type?: unknown }).type === type) return error;
  return Object.assign(new Error(`rejoin the consumer group: ${type}`, { cause: error }), { type });
}
