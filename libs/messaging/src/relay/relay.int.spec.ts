import { createRelayProducer, KafkaRelay, RedisLock } from '.';
import { PostgresCheckpointStore, type EventStore } from '@sunshine/event-store';
import { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import {
  appendStreams,
  readTopics,
  startHarness,
  waitUntil,
  type Harness,
} from '../test-support/harness';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(120_000);

const PARTITIONS = 3;
const STREAMS = 10;
const EVENTS_PER_STREAM = 6;
const TOTAL = STREAMS * EVENTS_PER_STREAM;

describe('the relay publishing the event store to Kafka', () => {
  let harness: Harness;
  let producer: Producer;

  beforeAll(async () => {
    harness = await startHarness(PARTITIONS);
    producer = await createRelayProducer(harness.kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await harness?.stop();
  });

  it('publishes every event once, each stream in order, with key and headers', async () => {
    const streamIds = await appendStreams(harness.store, STREAMS, EVENTS_PER_STREAM, 'r');
    const relay = new KafkaRelay({
      store: harness.store,
      checkpoints: harness.checkpoints,
      producer,
      lock: new RedisLock(harness.redis, `${harness.keyPrefix}relay`, 2_000),
      batchSize: 7,
    });
    relay.start();
    const received = await readTopics(harness.kafka, TOTAL, 30_000);
    await relay.stop();

    expect(received).toHaveLength(TOTAL);
    expect(await harness.checkpoints.load(relay.name)).toBe(await harness.store.headPosition());
    for (const streamId of streamIds) {
      const versions = received
        .filter(({ event }) => event.streamId === streamId)
        .map(({ event }) => event.streamVersion);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    }
    const sample = received[0]!;
    expect(sample.headers['event-type']).toBe('ContractTested');
    expect(sample.headers['schema-version']).toBe('1');
    const stored = await harness.store.readStream(sample.event.streamId);
    // The consumer side also learns the position relayed just before (previous-position).
    const { relayedAfter, ...event } = sample.event;
    expect(stored.find((e) => e.eventId === event.eventId)).toEqual(event);
    expect(relayedAfter).toBe(event.globalPosition - 1);
  });
});

describe('two relays sharing one Redis lock', () => {
  const TTL_MS = 1_500;
  let harness: Harness;
  let producers: Producer[] = [];

  beforeAll(async () => {
    harness = await startHarness(PARTITIONS);
    producers = [
      await createRelayProducer(harness.kafka),
      await createRelayProducer(harness.kafka),
    ];
  });

  afterAll(async () => {
    await Promise.all(producers.map((producer) => producer.disconnect()));
    await harness?.stop();
  });

  it('only one publishes; after the leader stops renewing the standby takes over', async () => {
    const connections = [new Redis(harness.redisUrl), new Redis(harness.redisUrl)];
    const lockKey = `${harness.keyPrefix}relay-lock`;
    const timeline: string[] = [];
    const relays = connections.map(
      (redis, index) =>
        new KafkaRelay({
          store: harness.store,
          checkpoints: harness.checkpoints,
          producer: producers[index]!,
          lock: new RedisLock(redis, lockKey, TTL_MS),
          name: 'failover-relay',
          acquireRetryMs: 100,
          onLeadership: (leader) => timeline.push(`${index}:${leader ? 'lead' : 'standby'}`),
        }),
    );
    const [first, second] = relays as [KafkaRelay, KafkaRelay];
    first.start();
    await waitUntil(() => first.isLeader(), 5_000);
    second.start();
    await appendStreams(harness.store, 5, 4, 'a');
    // Three TTLs: the leader's renewals must keep the standby out the whole time.
    await new Promise((resolve) => setTimeout(resolve, 3 * TTL_MS));
    expect(second.isLeader()).toBe(false);
    expect(first.relayedCount).toBe(20);

    // The leader loses Redis, as in a network partition: its renewals fail from now on.
    const cutAt = Date.now();
    connections[0]!.disconnect();
    await waitUntil(() => second.isLeader(), 4 * TTL_MS);
    const takeoverMs = Date.now() - cutAt;
    expect(first.isLeader()).toBe(false);
    expect(timeline).toEqual(['0:lead', '0:standby', '1:lead']);

    await appendStreams(harness.store, 5, 4, 'b');
    const expected = 40;
    const received = await readTopics(harness.kafka, expected, 30_000, (messages) => {
      const unique = new Set(messages.map(({ event }) => event.eventId));
      return unique.size >= expected;
    });
    await Promise.all(relays.map((relay) => relay.stop()));
    connections[1]!.disconnect();

    expect(takeoverMs).toBeLessThan(2 * TTL_MS + 1_000);
    expect(second.relayedCount).toBe(20);
    const versions = new Map<string, number[]>();
    for (const { event } of received) {
      const list = versions.get(event.streamId) ?? [];
      if (!list.includes(event.streamVersion)) list.push(event.streamVersion);
      versions.set(event.streamId, list);
    }
    expect(versions.size).toBe(10);
    for (const list of versions.values()) expect(list).toEqual([1, 2, 3, 4]);
  });
});

/** The relay's view of a store: the port's read side only, as any adapter offers it. */
function portOnly(store: EventStore): EventStore {
  const view: Pick<EventStore, 'kind' | 'readAll' | 'onAppended'> = {
    kind: store.kind,
    readAll: (options) => store.readAll(options),
    onAppended: (listener) => store.onAppended!(listener),
  };
  return new Proxy(view as EventStore, {
    get(target, property, receiver) {
      if (property in target) return Reflect.get(target, property, receiver);
      throw new Error(`the relay reached past the port: ${String(property)}`);
    },
  });
}

describe('a relay reading the store through the port, its checkpoint in DATABASE_URL', () => {
  let harness: Harness;
  let producer: Producer;

  beforeAll(async () => {
    harness = await startHarness(PARTITIONS);
    producer = await createRelayProducer(harness.kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await harness?.stop();
  });

  async function relayUntil(count: number): Promise<KafkaRelay> {
    const checkpoints = await PostgresCheckpointStore.open(harness.databaseUrl);
    const errors: unknown[] = [];
    const relay = new KafkaRelay({
      store: portOnly(harness.store),
      checkpoints,
      producer,
      lock: new RedisLock(harness.redis, `${harness.keyPrefix}port-relay`, 2_000),
      name: 'port-relay',
      onError: (error) => errors.push(error),
    });
    relay.start();
    try {
      await waitUntil(() => relay.relayedCount >= count || errors.length > 0, 30_000);
    } finally {
      await relay.stop();
      await checkpoints.close();
    }
    expect(errors).toEqual([]);
    return relay;
  }

  it('publishes every event once across a restart, from the saved checkpoint', async () => {
    await appendStreams(harness.store, 4, 3, 'p');
    const first = await relayUntil(12);
    await appendStreams(harness.store, 4, 2, 'q');
    const second = await relayUntil(8);

    const received = await readTopics(harness.kafka, 20, 30_000);
    expect([first.relayedCount, second.relayedCount]).toEqual([12, 8]);
    expect(new Set(received.map(({ event }) => event.eventId)).size).toBe(20);
    expect(received).toHaveLength(20);
    const checkpoints = await PostgresCheckpointStore.open(harness.databaseUrl);
    expect(await checkpoints.load('port-relay')).toBe(await harness.store.headPosition());
    await checkpoints.close();
  });
});
