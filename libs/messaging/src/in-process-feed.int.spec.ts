import { type EventStore } from '@sunshine/event-store';
import { testEvent } from '@sunshine/event-store/testing';
import { InProcessFeed } from '.';
import { appendStreams, startHarness, waitUntil, type Harness } from './test-support/harness';
import { AppliedLog, RecordingConsumer } from './test-support/recording-consumer';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(120_000);

/** The store seen without its in-process append hook, as from another process. */
function withoutHook(store: EventStore): EventStore {
  return {
    kind: store.kind,
    append: (...args) => store.append(...args),
    appendBulk: (items) => store.appendBulk(items),
    readStream: (...args) => store.readStream(...args),
    streamVersion: (streamId) => store.streamVersion(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    verifyStream: (streamId) => store.verifyStream(streamId),
    listStreams: (prefix, limit) => store.listStreams(prefix, limit),
    close: () => store.close(),
  };
}

describe('InProcessFeed over the PostgreSQL event store', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness(1);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('feeds every event in global order, in batches no larger than the batch size', async () => {
    await appendStreams(harness.store, 5, 9, 'o');
    const head = await harness.store.headPosition();
    const log = new AppliedLog();
    const consumer = new RecordingConsumer('ordered', log);
    const seen: number[] = [];
    const handle = consumer.handle.bind(consumer);
    consumer.handle = async (events) => {
      expect(events.length).toBeLessThanOrEqual(4);
      seen.push(...events.map((event) => event.globalPosition));
      await handle(events);
    };
    const feed = new InProcessFeed({ store: harness.store, batchSize: 4, pollIntervalMs: 50 });
    await feed.start(consumer);
    await waitUntil(() => log.lastPosition === head, 20_000);
    await feed.stop();

    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(log.applied).toBe(45);
    expect(log.gaps).toEqual([]);
  });

  it('resumes after the consumer position: stop and restart neither repeat nor lose', async () => {
    const log = new AppliedLog();
    const feed = new InProcessFeed({ store: harness.store, batchSize: 3, pollIntervalMs: 50 });
    await feed.start(new RecordingConsumer('resume', log, 20));
    await waitUntil(() => log.applied >= 6, 20_000);
    await feed.stop();
    const appliedAtStop = log.applied;
    expect(appliedAtStop % 3).toBe(0);

    const restarted = new RecordingConsumer('resume', log);
    const again = new InProcessFeed({ store: harness.store, batchSize: 3, pollIntervalMs: 50 });
    await again.start(restarted);
    const head = await harness.store.headPosition();
    await waitUntil(() => log.lastPosition === head, 20_000);
    await again.stop();
    expect(log.duplicates).toBe(0);
    expect(restarted.handled).toBe(head - appliedAtStop);
  });

  it('wakes on an in-process append long before its poll interval', async () => {
    const log = new AppliedLog();
    log.lastPosition = await harness.store.headPosition();
    const feed = new InProcessFeed({ store: harness.store, pollIntervalMs: 60_000 });
    await feed.start(new RecordingConsumer('woken', log));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const appendedAt = Date.now();
    await harness.store.append('fund-wake', [testEvent(1)], { expectedVersion: 'no_stream' });
    await waitUntil(() => log.applied === 1, 5_000);
    await feed.stop();
    expect(Date.now() - appendedAt).toBeLessThan(2_000);
  });

  it('without an append hook, finds new events by polling', async () => {
    const log = new AppliedLog();
    log.lastPosition = await harness.store.headPosition();
    const feed = new InProcessFeed({ store: withoutHook(harness.store), pollIntervalMs: 100 });
    await feed.start(new RecordingConsumer('polled', log));
    await harness.store.append('fund-poll', [testEvent(1)], { expectedVersion: 'no_stream' });
    await waitUntil(() => log.applied === 1, 5_000);
    await feed.stop();
  });

  it('retries a failed batch until the consumer applies it', async () => {
    const log = new AppliedLog();
    log.lastPosition = (await harness.store.headPosition()) - 1;
    const consumer = new RecordingConsumer('flaky', log);
    const handle = consumer.handle.bind(consumer);
    let failuresLeft = 2;
    consumer.handle = async (events) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('database unavailable');
      }
      await handle(events);
    };
    const errors: unknown[] = [];
    const feed = new InProcessFeed({
      store: harness.store,
      pollIntervalMs: 50,
      onError: (_name, error) => errors.push(error),
    });
    await feed.start(consumer);
    await waitUntil(() => log.applied === 1, 10_000);
    await feed.stop();
    expect(errors).toHaveLength(2);
  });

  it('refuses a batch size beyond the store read limit', () => {
    expect(() => new InProcessFeed({ store: harness.store, batchSize: 1001 })).toThrow(/batchSize/);
  });
});
