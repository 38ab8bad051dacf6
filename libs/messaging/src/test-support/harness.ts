import { PostgresCheckpointStore, PostgresEventStore, type NewEvent } from '@sunshine/event-store';
import { testEvent } from '@sunshine/event-store/testing';
import { startMockKafka, startTestPostgres, startTestRedis } from '@sunshine/testing';
import { Redis } from 'ioredis';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { ALL_TOPICS, parseKafkaMessage } from '../topics';
import type { StoredEvent } from '@sunshine/event-store';

/**
 * Real backends for the messaging integration tests: a fresh PostgreSQL event store, a Redis
 * key prefix, and a Kafka cluster (KAFKA_BROKERS or librdkafka's mock) whose five topics have
 * `partitions` partitions.
 */
export interface Harness {
  store: PostgresEventStore;
  checkpoints: PostgresCheckpointStore;
  redis: Redis;
  redisUrl: string;
  keyPrefix: string;
  kafka: Kafka;
  databaseUrl: string;
  brokers: string[];
  stop(): Promise<void>;
}

export async function startHarness(partitions: number): Promise<Harness> {
  const postgres = await startTestPostgres();
  const redisServer = await startTestRedis();
  const cluster = await startMockKafka({ topics: [...ALL_TOPICS], partitions });
  const store = await PostgresEventStore.connect({ connectionString: postgres.url });
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  const kafka = newKafka(cluster.brokers);
  return {
    store,
    checkpoints: new PostgresCheckpointStore(store.pool),
    redis,
    redisUrl: redisServer.url,
    keyPrefix: redisServer.keyPrefix,
    kafka,
    databaseUrl: postgres.url,
    brokers: cluster.brokers,
    stop: async () => {
      const keys = await redis.keys(`${redisServer.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await store.close();
      await cluster.stop();
      await redisServer.stop();
      await postgres.stop();
    },
  };
}

export function newKafka(brokers: string[], clientId = 'sunshine-test'): Kafka {
  return new Kafka({
    clientId,
    brokers,
    // Rebalances and stopped members log at WARN/ERROR by design in these tests.
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
}

const STREAM_PREFIXES = ['fund', 'household', 'project', 'alert', 'region'] as const;

/** `streamCount` streams spread over the five categories, `eventsPerStream` events each. */
export async function appendStreams(
  store: PostgresEventStore,
  streamCount: number,
  eventsPerStream: number,
  tag: string,
): Promise<string[]> {
  const streamIds = Array.from(
    { length: streamCount },
    (_, index) => `${STREAM_PREFIXES[index % STREAM_PREFIXES.length]}-${tag}${index}`,
  );
  // Interleave the streams, one event at a time, so a stream's events lie far apart in
  // global order and per-stream ordering is really exercised.
  for (let version = 1; version <= eventsPerStream; version += 1) {
    for (const streamId of streamIds) {
      const event: NewEvent = testEvent(version, { streamId });
      await store.append(streamId, [event], { expectedVersion: version - 1 });
    }
  }
  return streamIds;
}

export interface ReceivedMessage {
  event: StoredEvent;
  headers: Record<string, string>;
}

/**
 * Reads every topic from the start with a fresh group until `count` messages arrived, or
 * until `done` says so when given.
 */
export async function readTopics(
  kafka: Kafka,
  count: number,
  timeoutMs: number,
  done?: (received: ReceivedMessage[]) => boolean,
): Promise<ReceivedMessage[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `reader-${Math.random()}` });
  const received: ReceivedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [...ALL_TOPICS], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        if (value !== undefined) headers[name] = value.toString();
      }
      received.push({ event: parseKafkaMessage(message), headers });
    },
  });
  try {
    await waitUntil(() => (done ? done(received) : received.length >= count), timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return received;
}

export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Like waitUntil, for conditions that query a database. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
