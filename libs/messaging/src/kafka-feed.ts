import type { StoredEvent } from '@sunshine/event-store';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { EventConsumer, EventFeed } from './feed';
import { ALL_TOPICS, parseKafkaMessage } from './topics';

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

export interface KafkaFeedOptions {
  kafka: Kafka;
  /** Default: all five Sunshine topics. */
  topics?: readonly string[];
  /** Upper bound of events per `handle` call; default KAFKA_HANDLE_BATCH_MAX. */
  handleBatchMax?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

export class KafkaFeed implements EventFeed {
  private readonly consumers: Consumer[] = [];
  private readonly handleBatchMax: number;

  constructor(private readonly options: KafkaFeedOptions) {
    this.handleBatchMax = options.handleBatchMax ?? KAFKA_HANDLE_BATCH_MAX;
    const max = this.handleBatchMax;
    if (!Number.isInteger(max) || max < 1 || max > KAFKA_HANDLE_BATCH_MAX) {
      throw new Error(`handleBatchMax must be an integer within 1..${KAFKA_HANDLE_BATCH_MAX}`);
    }
  }

  /** Resolves once the consumer has joined its group and its fetch loop runs. */
  async start(consumer: EventConsumer): Promise<void> {
    const sessionTimeout = this.options.sessionTimeoutMs ?? KAFKA_SESSION_TIMEOUT_MS_DEFAULT;
    const kafkaConsumer = this.options.kafka.consumer({
      groupId: consumer.name,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? KAFKA_HEARTBEAT_INTERVAL_MS_DEFAULT,
      maxBytesPerPartition: KAFKA_MAX_BYTES_PER_PARTITION,
    });
    await kafkaConsumer.connect();
    try {
      const topics = [...(this.options.topics ?? ALL_TOPICS)];
      await kafkaConsumer.subscribe({ topics, fromBeginning: true });
      await kafkaConsumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.handleBatch(kafkaConsumer, consumer, payload),
      });
    } catch (error) {
      await kafkaConsumer.disconnect();
      throw error;
    }
    this.consumers.push(kafkaConsumer);
  }

  /** Lets the batches in flight finish and commit, then leaves the groups. */
  async stop(): Promise<void> {
    const consumers = this.consumers.splice(0);
    await Promise.all(consumers.map((kafkaConsumer) => kafkaConsumer.disconnect()));
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
      const events: StoredEvent[] = chunk.map((message) => parseKafkaMessage(message));
      await consumer.handle(events);
      const lastOffset = chunk[chunk.length - 1]!.offset;
      resolveOffset(lastOffset);
      const next = (BigInt(lastOffset) + 1n).toString();
      await kafkaConsumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: next },
      ]);
      await heartbeat();
    }
  }
}
