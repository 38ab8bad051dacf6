import { KAFKA_MAX_WAIT_MS_DEFAULT, KafkaFeed, TOPICS, toKafkaMessage } from '.';
import type { StoredEvent } from '@sunshine/event-store';
import { startHarness, waitUntil, type Harness } from './test-support/harness';
import { AppliedLog, RecordingConsumer } from './test-support/recording-consumer';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(120_000);

const SAMPLES = 20;
/** Longer than the fetch wait, so every sample meets a consumer whose fetch is idle. */
const IDLE_GAP_MS = 300;
/** SPEC §9 gives a command 1 s to reach an alert; the consumer may take a fraction of it. */
const DELIVERY_P99_MS_MAX = 400;

function storedEvent(position: number): StoredEvent {
  return {
    eventId: `e-${position}`, type: 'ContractTested', schemaVersion: 1, streamId: 'fund-L1',
    streamVersion: position, globalPosition: position, occurredOn: '2024-01-01',
    recordedAt: '2024-01-01T00:00:00Z', actor: { sub: 'u', role: 'finance' },
    correlationId: 'c', causationId: 'c', prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    data: { amountFen: 100 },
  };
}

describe('a Kafka consumer with the default fetch wait', () => {
  let harness: Harness;
  let feed: KafkaFeed | undefined;

  beforeAll(async () => {
    harness = await startHarness(1);
  });

  afterAll(async () => {
    await feed?.stop();
    await harness?.stop();
  });

  it('is not ready before it starts, is ready in its group, and not after it stops', async () => {
    const log = new AppliedLog();
    feed = new KafkaFeed({ kafka: harness.kafka, topics: [TOPICS.fund] });
    await expect(feed.check()).rejects.toThrow('no Kafka consumer started');
    await feed.start(new RecordingConsumer('ready-test', log));
    await expect(feed.check()).resolves.toBeUndefined();
    await feed.stop();
    await expect(feed.check()).rejects.toThrow('no Kafka consumer started');
    feed = undefined;
  });

  it(`hands an event to its consumer within ${DELIVERY_P99_MS_MAX} ms of the publish`, async () => {
    expect(KAFKA_MAX_WAIT_MS_DEFAULT).toBeLessThanOrEqual(100);
    const log = new AppliedLog();
    const consumer = new RecordingConsumer('latency-test', log);
    feed = new KafkaFeed({ kafka: harness.kafka, topics: [TOPICS.fund] });
    await feed.start(consumer);
    const producer = harness.kafka.producer();
    await producer.connect();
    const delaysMs: number[] = [];
    try {
      for (let position = 1; position <= SAMPLES; position += 1) {
        await new Promise((resolve) => setTimeout(resolve, IDLE_GAP_MS));
        const sentAt = Date.now();
        await producer.send({
          topic: TOPICS.fund, messages: [toKafkaMessage(storedEvent(position))], acks: -1,
        });
        await waitUntil(() => log.applied === position, 10_000);
        delaysMs.push(Date.now() - sentAt);
      }
    } finally {
      await producer.disconnect();
    }
    delaysMs.sort((a, b) => a - b);
    const p99 = delaysMs[Math.ceil(delaysMs.length * 0.99) - 1]!;
    process.stdout.write(`publish → handle ms: p50 ${delaysMs[SAMPLES / 2]} p99 ${p99}\n`);
    expect(p99).toBeLessThanOrEqual(DELIVERY_P99_MS_MAX);
    await expect(feed.check()).resolves.toBeUndefined();
  });
});
