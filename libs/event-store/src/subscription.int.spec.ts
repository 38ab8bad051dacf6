import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { catchUpSubscription, PostgresCheckpointStore, PostgresEventStore, SUBSCRIPTION_FAILURES_MAX, type StoredEvent } from './index';
import { testEvents, uniqueStreamId, waitFor } from './testing';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(120_000);

describe('catch-up subscription on the PostgreSQL store', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    checkpoints = new PostgresCheckpointStore(store.pool);
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('wakes on an in-process append long before its poll interval', async () => {
    const name = uniqueStreamId('sub');
    const received: StoredEvent[] = [];
    const subscription = catchUpSubscription({
      store,
      checkpoints,
      name,
      pollIntervalMs: 60_000,
      handler: async (batch) => void received.push(...batch),
    });
    // Let it read the empty log and fall asleep, so only the append can wake it in time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const startedAt = Date.now();
    await store.append(uniqueStreamId('s'), testEvents(3), { expectedVersion: 'no_stream' });
    const head = await store.headPosition();
    await waitFor(() => received.some((e) => e.globalPosition === head), 5_000);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    await subscription.stop();
    expect(await checkpoints.load(name)).toBe(head);
  });

  it('retries a failed batch without moving the checkpoint, then moves on', async () => {
    const name = uniqueStreamId('sub');
    const streamId = uniqueStreamId('s');
    await store.append(streamId, testEvents(2), { expectedVersion: 'no_stream' });
    const head = await store.headPosition();
    const errors: unknown[] = [];
    let calls = 0;
    const subscription = catchUpSubscription({
      store,
      checkpoints,
      name,
      pollIntervalMs: 20,
      onError: (error) => errors.push(error),
      handler: async () => {
        calls += 1;
        if (calls === 1) throw new Error('projection database unavailable');
      },
    });
    await waitFor(() => subscription.position() === head, 10_000);
    await subscription.stop();
    expect(errors).toHaveLength(1);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(await checkpoints.load(name)).toBe(head);
  });

  it(`gives up after ${SUBSCRIPTION_FAILURES_MAX} consecutive failures`, async () => {
    await store.append(uniqueStreamId('s'), testEvents(1), { expectedVersion: 'no_stream' });
    const name = uniqueStreamId('sub');
    const subscription = catchUpSubscription({
      store,
      checkpoints,
      name,
      pollIntervalMs: 5,
      handler: async () => {
        throw new Error('always failing');
      },
    });
    await expect(subscription.finished).rejects.toThrow('always failing');
    expect(await checkpoints.load(name)).toBe(0);
  });
});
