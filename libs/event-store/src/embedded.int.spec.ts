import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type AppendResult, PostgresCheckpointStore, PostgresEventStore, startEmbeddedPostgres } from './index';
import { eventStoreContract, testEvent, testEvents, uniqueStreamId } from './testing';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

/** The append-rate probe: concurrent writers, each appending single events in sequence. */
const PROBE_WRITERS = 8;
const PROBE_EVENTS_PER_WRITER = 200;
/** The restart check: writers appending single events until the server stops under them. */
const RESTART_WRITERS = 8;
const RESTART_EVENTS_PER_WRITER = 50;

async function openEmbedded(dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'sunshine-es-')));
  const server = await startEmbeddedPostgres({ dataDir: dir });
  const store = await PostgresEventStore.connect({ connectionString: server.url });
  return {
    dataDir: dir,
    server,
    store,
    close: async () => {
      await store.close();
      await server.stop();
    },
    teardown: async () => {
      await store.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

eventStoreContract('embedded', async () => {
  const opened = await openEmbedded();
  const { store } = opened;
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
    teardown: opened.teardown,
  };
});

async function appendInSequence(store: PostgresEventStore, streamId: string, count: number) {
  const acknowledged: AppendResult[] = [];
  for (let version = 0; version < count; version += 1) {
    const expectedVersion = version === 0 ? 'no_stream' : version;
    acknowledged.push(await store.append(streamId, [testEvent(version)], { expectedVersion }));
  }
  return acknowledged;
}

/** Starts the embedded server in a child process, as the host does. */
async function startInChild(dataDir: string): Promise<ChildProcess> {
  const embedded = join(__dirname, 'embedded.ts');
  const script =
    `require(${JSON.stringify(embedded)}).startEmbeddedPostgres({ dataDir: process.argv[1] })` +
    `.then(() => console.log('ready'));\nsetInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}`)));
    createInterface({ input: child.stdout }).once('line', () => resolve());
  });
  return child;
}

describe('embedded PostgreSQL', () => {
  it('measures single-event append and bulk append rates', async () => {
    const opened = await openEmbedded();
    try {
      const started = Date.now();
      await Promise.all(
        Array.from({ length: PROBE_WRITERS }, () =>
          appendInSequence(opened.store, uniqueStreamId('probe'), PROBE_EVENTS_PER_WRITER),
        ),
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

  it('keeps every acknowledged event across a stop and a start on the same directory', async () => {
    const first = await openEmbedded();
    const streamIds = Array.from({ length: RESTART_WRITERS }, () => uniqueStreamId('fund'));
    const acknowledged = (
      await Promise.all(
        streamIds.map((id) => appendInSequence(first.store, id, RESTART_EVENTS_PER_WRITER)),
      )
    ).flatMap((result) => result.flatMap((r) => r.events));
    await first.close();
    const second = await openEmbedded(first.dataDir);
    try {
      const stored = (await Promise.all(streamIds.map((id) => second.store.readStream(id)))).flat();
      expect(stored.map((e) => [e.eventId, e.hash])).toEqual(
        acknowledged.map((e) => [e.eventId, e.hash]),
      );
      for (const id of streamIds) expect((await second.store.verifyStream(id)).verified).toBe(true);
    } finally {
      await second.teardown();
    }
  });

  it('starts on a data directory whose previous host was killed with SIGKILL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-es-'));
    const host = await startInChild(dataDir);
    // The killed host cannot stop its server: the next start finds it still running.
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await exited;
    const opened = await openEmbedded(dataDir);
    try {
      const streamId = uniqueStreamId('fund');
      await opened.store.append(streamId, testEvents(3), { expectedVersion: 'no_stream' });
      expect(await opened.store.streamVersion(streamId)).toBe(3);
    } finally {
      await opened.teardown();
    }
  });

  it('refuses a second host on a data directory in use', async () => {
    const opened = await openEmbedded();
    try {
      await expect(startEmbeddedPostgres({ dataDir: opened.dataDir })).rejects.toThrow(/in use/);
    } finally {
      await opened.teardown();
    }
  });
});
