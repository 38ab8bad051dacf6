import { createRelayProducer, KafkaRelay, RedisLock } from '@sunshine/messaging';
import type { Producer } from 'kafkajs';
import { appendStreams, readTopics, startHarness, type Harness } from '../test-support/harness';

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
    expect(stored.find((event) => event.eventId === sample.event.eventId)).toEqual(sample.event);
  });
});
