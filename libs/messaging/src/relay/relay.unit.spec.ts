import {
  type AppendedListener,
  type EventStore,
  type ReadAllOptions,
  type StoredEvent,
} from '@sunshine/event-store';
import { MemoryCheckpointStore } from '@sunshine/event-store/testing';
import type { Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { KafkaRelay, type SingletonLock } from './index';

/**
 * The relay over the event-store port alone: a store that answers only `readAll` and
 * `onAppended`, with sparse positions far from 1..n as EventStoreDB's `$all` commit positions
 * are, and that records every other member the relay reaches for. The relay must need nothing
 * PostgreSQL-specific to publish any adapter's events.
 */

const PORT_MEMBERS_USED = new Set<PropertyKey>(['kind', 'readAll', 'onAppended']);
/** Commit positions in `$all` are byte offsets in the log: large, increasing, with gaps. */
const POSITION_BASE = 9_000_000_000;
const POSITION_STEP = 317;
const WAIT_MS_MAX = 5_000;
/** Far below the one-minute poll of the wake-up case, so only the announcement explains it. */
const WAKE_MS_MAX = 1_000;

class PortOnlyStore {
  readonly kind = 'port-only';
  readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<AppendedListener>();

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    const after = this.events.filter((event) => event.globalPosition > options.after);
    return after.slice(0, options.maxCount ?? after.length);
  }

  onAppended(listener: AppendedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores events on `streamId` and announces them, as an adapter does after a commit. */
  append(streamId: string, count: number): void {
    const version = this.events.filter((event) => event.streamId === streamId).length;
    for (let index = 0; index < count; index += 1) {
      this.events.push(storedEvent(streamId, version + index + 1, this.events.length));
    }
    const last = this.events[this.events.length - 1]!.globalPosition;
    for (const listener of this.listeners) listener(last);
  }
}

function storedEvent(streamId: string, streamVersion: number, ordinal: number): StoredEvent {
  return {
    eventId: `${streamId}#${streamVersion}`,
    type: 'ContractTested',
    schemaVersion: 1,
    streamId,
    streamVersion,
    globalPosition: POSITION_BASE + ordinal * POSITION_STEP,
    occurredOn: '2024-03-15',
    recordedAt: '2024-03-15T08:00:00.000Z',
    actor: { sub: 'unit', role: 'admin' },
    correlationId: 'corr',
    causationId: 'cause',
    prevHash: 'p',
    hash: 'h',
    data: { n: streamVersion },
  };
}

/** The fake store behind a proxy that notes every member outside the port's read side. */
function watched(store: PortOnlyStore): { port: EventStore; touched: Set<PropertyKey> } {
  const touched = new Set<PropertyKey>();
  const port = new Proxy(store, {
    get(target, property, receiver) {
      if (!PORT_MEMBERS_USED.has(property)) touched.add(property);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { port: port as unknown as EventStore, touched };
}

class RecordingProducer {
  readonly sent: { topic: string; key: string; position: number; previous?: number }[] = [];

  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    for (const { topic, messages } of batch.topicMessages ?? []) {
      for (const message of messages) {
        const event = JSON.parse(String(message.value)) as StoredEvent;
        const previous = message.headers?.['previous-position'];
        this.sent.push({ topic, key: String(message.key), position: event.globalPosition,
          ...(previous === undefined ? {} : { previous: Number(previous) }) });
      }
    }
    return [];
  }
}

const soleLock: SingletonLock = {
  ttlMs: 10_000,
  tryAcquire: async () => true,
  renew: async () => true,
  release: async () => undefined,
};

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS_MAX;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${WAIT_MS_MAX} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a relay over a store that offers only the event-store port', () => {
  let store: PortOnlyStore;
  let producer: RecordingProducer;
  let checkpoints: MemoryCheckpointStore;
  let relay: KafkaRelay | undefined;

  beforeEach(() => {
    store = new PortOnlyStore();
    producer = new RecordingProducer();
    checkpoints = new MemoryCheckpointStore();
  });

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  function startRelay(port: EventStore, pollIntervalMs: number): KafkaRelay {
    relay = new KafkaRelay({
      store: port,
      checkpoints,
      producer: producer as unknown as Producer,
      lock: soleLock,
      batchSize: 3,
      pollIntervalMs,
      name: 'unit-relay',
    });
    relay.start();
    return relay;
  }

  it('publishes the events after its checkpoint in order and checkpoints the last', async () => {
    store.append('fund-F1', 4);
    store.append('household-H1', 3);
    store.append('fund-F2', 2);
    const skipped = store.events[1]!.globalPosition;
    await checkpoints.save('unit-relay', skipped);
    const { port, touched } = watched(store);

    const started = startRelay(port, 10);
    await until(() => producer.sent.length === 7);
    await started.stop();

    const expected = store.events.slice(2);
    expect(producer.sent.map((sent) => sent.position)).toEqual(
      expected.map((event) => event.globalPosition),
    );
    expect(producer.sent.map((sent) => sent.topic)).toEqual(
      expected.map((event) => (event.streamId.startsWith('fund-')
        ? 'sunshine.funds.v1'
        : 'sunshine.households.v1')),
    );
    expect(producer.sent.every((sent, index) => sent.key === expected[index]!.streamId)).toBe(
      true,
    );
    expect(await checkpoints.load('unit-relay')).toBe(store.events[8]!.globalPosition);
    expect(started.relayedCount).toBe(7);
    // Across topics and batches, each message names the one relayed before it.
    expect(producer.sent.map((sent) => sent.previous)).toEqual(
      [skipped, ...expected.slice(0, -1).map((event) => event.globalPosition)]);
    expect([...touched]).toEqual([]);
  });

  it('wakes on an append announced by the store instead of waiting for its poll', async () => {
    const { port, touched } = watched(store);
    const started = startRelay(port, 60_000);
    await until(() => started.isLeader());
    // Let the first, empty read settle so that the relay sleeps on its one-minute poll.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const appendedAtMs = Date.now();
    store.append('project-P1', 2);
    await until(() => producer.sent.length === 2);

    expect(Date.now() - appendedAtMs).toBeLessThan(WAKE_MS_MAX);
    expect(producer.sent.map((sent) => sent.topic)).toEqual([
      'sunshine.projects.v1',
      'sunshine.projects.v1',
    ]);
    expect([...touched]).toEqual([]);
  });

  it('resumes after a restart from the saved checkpoint, sending nothing twice', async () => {
    store.append('region-R1', 5);
    const first = startRelay(watched(store).port, 10);
    await until(() => producer.sent.length === 5);
    await first.stop();
    relay = undefined;

    store.append('region-R1', 2);
    const { port, touched } = watched(store);
    const second = startRelay(port, 10);
    await until(() => producer.sent.length >= 7);
    await second.stop();

    expect(producer.sent.map((sent) => sent.position)).toEqual(
      store.events.map((event) => event.globalPosition),
    );
    expect(second.relayedCount).toBe(2);
    expect([...touched]).toEqual([]);
  });
});
