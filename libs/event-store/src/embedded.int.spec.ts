import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventStoreContract,
  PostgresCheckpointStore,
  PostgresEventStore,
  startEmbeddedPostgresProcess,
  testEvent,
  testEvents,
  uniqueStreamId,
} from './index';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

async function openEmbedded() {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-es-'));
  const server = await startEmbeddedPostgresProcess(dataDir);
  const store = await PostgresEventStore.connect({
    connectionString: server.url,
    kind: 'embedded',
    poolSizeMax: 6,
  });
  return {
    dataDir,
    server,
    store,
    teardown: async () => {
      await store.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * PGlite runs every statement on one WebAssembly backend, one transaction at a time, so the
 * full 200 × 100 volume takes minutes on a shared 2-core machine. The embedded suite runs the
 * same race at 40 writers × 25 events; EMBEDDED_CONTRACT_WRITERS/EVENTS raise it.
 */
const WRITERS = Number(process.env.EMBEDDED_CONTRACT_WRITERS ?? 40);
const EVENTS_PER_WRITER = Number(process.env.EMBEDDED_CONTRACT_EVENTS ?? 25);
/** The append-rate probe: concurrent writers, each appending single events in sequence. */
const PROBE_WRITERS = 8;
const PROBE_EVENTS_PER_WRITER = 50;

eventStoreContract(
  'embedded',
  async () => {
    const opened = await openEmbedded();
    return {
      store: opened.store,
      checkpoints: new PostgresCheckpointStore(opened.store.pool),
      teardown: opened.teardown,
    };
  },
  { writers: WRITERS, eventsPerWriter: EVENTS_PER_WRITER },
);

describe('embedded PostgreSQL', () => {
  it('measures single-event append and bulk append rates', async () => {
    const opened = await openEmbedded();
    try {
      const started = Date.now();
      await Promise.all(
        Array.from({ length: PROBE_WRITERS }, async () => {
          const streamId = uniqueStreamId('probe');
          for (let version = 0; version < PROBE_EVENTS_PER_WRITER; version += 1) {
            const expectedVersion = version === 0 ? 'no_stream' : version;
            await opened.store.append(streamId, [testEvent(version)], { expectedVersion });
          }
        }),
      );
      const appendSeconds = (Date.now() - started) / 1000;
      const bulkStarted = Date.now();
      const items = Array.from({ length: 50 }, () => ({
        streamId: uniqueStreamId('bulk'),
        events: testEvents(100),
        expectedVersion: 'no_stream' as const,
      }));
      await opened.store.appendBulk(items);
      const bulkSeconds = (Date.now() - bulkStarted) / 1000;
      const appendRate = Math.round((PROBE_WRITERS * PROBE_EVENTS_PER_WRITER) / appendSeconds);
      const bulkRate = Math.round(5000 / bulkSeconds);
      console.log(`embedded append rate: ${appendRate} events/s single, ${bulkRate} bulk`);
      const written = PROBE_WRITERS * PROBE_EVENTS_PER_WRITER + 5000;
      expect(await opened.store.headPosition()).toBe(written);
    } finally {
      await opened.teardown();
    }
  });

  it('keeps events across a restart on the same data directory', async () => {
    const opened = await openEmbedded();
    const streamId = uniqueStreamId('fund');
    await opened.store.append(streamId, [testEvent(1)], { expectedVersion: 'no_stream' });
    await opened.store.close();
    await opened.server.stop();
    const server = await startEmbeddedPostgresProcess(opened.dataDir);
    const store = await PostgresEventStore.connect({ connectionString: server.url });
    try {
      expect(await store.streamVersion(streamId)).toBe(1);
      expect((await store.verifyStream(streamId)).verified).toBe(true);
    } finally {
      await store.close();
      await server.stop();
      await rm(opened.dataDir, { recursive: true, force: true });
    }
  });
});
