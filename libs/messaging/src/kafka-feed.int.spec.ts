import { fundReceived } from '@sunshine/domain/testing';
import {
  createRelayProducer,
  InvalidMessageError,
  KafkaFeed,
  KafkaRelay,
  RedisLock,
  TOPICS,
  toKafkaMessage,
} from '.';
import type { Producer } from 'kafkajs';
import { appendStreams, startHarness, waitUntil, type Harness } from './test-support/harness';
import { AppliedLog, RecordingConsumer } from './test-support/recording-consumer';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(180_000);

const PARTITIONS = 3;
const STREAMS = 10;
const EVENTS_PER_STREAM = 8;
const TOTAL = STREAMS * EVENTS_PER_STREAM;
const SESSION_TIMEOUT_MS = 6_000;

describe('KafkaFeed consumers in one group', () => {
  let harness: Harness;
  let producer: Producer;
  let relay: KafkaRelay;
  const feeds: KafkaFeed[] = [];

  const newFeed = (): KafkaFeed => {
    const feed = new KafkaFeed({
      kafka: harness.kafka,
      handleBatchMax: 2,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
    feeds.push(feed);
    return feed;
  };

  beforeAll(async () => {
    harness = await startHarness(PARTITIONS);
    producer = await createRelayProducer(harness.kafka);
    relay = new KafkaRelay({
      store: harness.store,
      checkpoints: harness.checkpoints,
      producer,
      lock: new RedisLock(harness.redis, `${harness.keyPrefix}relay`, 2_000),
    });
    relay.start();
  });

  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
    await relay?.stop();
    await producer?.disconnect();
    await harness?.stop();
  });

  it('split the partitions; when one stops midway the other takes over', async () => {
    await appendStreams(harness.store, STREAMS, EVENTS_PER_STREAM, 'g');
    const log = new AppliedLog();
    const first = new RecordingConsumer('ledger-test', log, 40);
    const second = new RecordingConsumer('ledger-test', log, 40);
    const firstFeed = newFeed();
    await Promise.all([firstFeed.start(first), newFeed().start(second)]);

    await waitUntil(() => first.handled > 0 && second.handled > 0, 60_000);
    await firstFeed.stop();
    const appliedAtStop = log.applied;
    expect(appliedAtStop).toBeLessThan(TOTAL);

    await waitUntil(() => log.applied === TOTAL, 90_000);
    expect(log.gaps).toEqual([]);
    expect(second.handled).toBeGreaterThan(TOTAL - appliedAtStop - 1);
    for (const version of log.lastVersion.values()) expect(version).toBe(EVENTS_PER_STREAM);
  });

  it('a new group reading every topic again from the start changes nothing', async () => {
    const log = new AppliedLog();
    const original = new RecordingConsumer('alerts-test', log);
    await newFeed().start(original);
    await waitUntil(() => log.applied === TOTAL, 60_000);

    const replay = new RecordingConsumer('alerts-test-replay', log);
    await newFeed().start(replay);
    await waitUntil(() => replay.handled >= TOTAL, 60_000);

    expect(replay.handled).toBe(TOTAL);
    expect(log.applied).toBe(TOTAL);
    expect(log.duplicates).toBe(TOTAL);
    expect(log.gaps).toEqual([]);
  });
});

describe('KafkaFeed meeting a message that is not a stored event', () => {
  let harness: Harness;
  let feed: KafkaFeed | undefined;

  beforeAll(async () => {
    harness = await startHarness(1);
  });

  afterAll(async () => {
    await feed?.stop();
    await harness?.stop();
  });

  it('reports it with its offset and goes on with the events behind it', async () => {
    const producer = harness.kafka.producer();
    await producer.connect();
    const good = toKafkaMessage({
      eventId: 'e-1', type: 'FundReceived', schemaVersion: 1, streamId: 'fund-P1',
      streamVersion: 1, globalPosition: 1, occurredOn: '2024-01-01',
      recordedAt: '2024-01-01T00:00:00Z', actor: { sub: 'u', role: 'finance' },
      correlationId: 'c', causationId: 'c', prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
      data: fundReceived({ amountFen: 100 }).data,
    });
    await producer.send({
      topic: TOPICS.fund,
      messages: [{ key: 'fund-P0', value: '{"not":"an event"}' }, good],
      acks: -1,
    });
    await producer.disconnect();

    const errors: unknown[] = [];
    const log = new AppliedLog();
    const consumer = new RecordingConsumer('poison-test', log);
    feed = new KafkaFeed({
      kafka: harness.kafka,
      topics: [TOPICS.fund],
      onError: (_name, error) => errors.push(error),
    });
    await feed.start(consumer);
    await waitUntil(() => log.applied === 1, 30_000);
    expect(log.lastVersion.get('fund-P1')).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InvalidMessageError);
    expect(String(errors[0])).toContain(`${TOPICS.fund}/0@0`);
  });
});
