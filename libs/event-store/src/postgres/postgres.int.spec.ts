import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { PostgresCheckpointStore, PostgresEventStore } from '../index';
import { eventStoreContract, testEvents, uniqueStreamId } from '../testing';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

eventStoreContract('postgres', async () => {
  const server = await startTestPostgres();
  const store = await PostgresEventStore.connect({ connectionString: server.url, poolSizeMax: 12 });
  return {
    store,
    checkpoints: new PostgresCheckpointStore(store.pool),
    tamper: {
      editEvent: async (streamId, version) => {
        await store.pool.query(
          `UPDATE es_events SET data = jsonb_set(data, '{amountFen}', '1')
           WHERE stream_id = $1 AND stream_version = $2`,
          [streamId, version],
        );
      },
      removeTail: async (streamId, fromVersion) => {
        await store.pool.query(
          'DELETE FROM es_events WHERE stream_id = $1 AND stream_version >= $2',
          [streamId, fromVersion],
        );
      },
    },
    teardown: async () => {
      await store.close();
      await server.stop();
    },
  };
});

describe('PostgreSQL event store: tampering and restarts', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('reports the stream and version of an event edited with plain SQL', async () => {
    const streamId = uniqueStreamId('fund');
    const other = uniqueStreamId('fund');
    await store.append(streamId, testEvents(5), { expectedVersion: 'no_stream' });
    await store.append(other, testEvents(2), { expectedVersion: 'no_stream' });
    await store.pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{amountFen}', '1')
       WHERE stream_id = $1 AND stream_version = 3`,
      [streamId],
    );
    expect(await store.verifyStream(streamId)).toEqual({
      streamId,
      verified: false,
      eventsChecked: 3,
      brokenAt: 3,
    });
    expect((await store.verifyStream(other)).verified).toBe(true);
  });

  it('keeps migrations idempotent and the data when the adapter reconnects', async () => {
    const streamId = uniqueStreamId('fund');
    await store.append(streamId, testEvents(2), { expectedVersion: 'no_stream' });
    const again = await PostgresEventStore.connect({ connectionString: server.url });
    try {
      expect(await again.streamVersion(streamId)).toBe(2);
      const result = await again.append(streamId, testEvents(1, 2), { expectedVersion: 2 });
      expect(result.events[0]?.prevHash).toBe((await store.readStream(streamId))[1]?.hash);
    } finally {
      await again.close();
    }
  });
});
