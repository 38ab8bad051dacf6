import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRelayProducer, KafkaFeed, KafkaRelay, RedisLock } from '.';
import type { Producer } from 'kafkajs';
import { appendStreams, startHarness, waitFor, type Harness } from './test-support/harness';
import { PgAppliedConsumer } from './test-support/pg-applied-consumer';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(180_000);

const STREAMS = 10;
const EVENTS_PER_STREAM = 10;
const TOTAL = STREAMS * EVENTS_PER_STREAM;
const SESSION_TIMEOUT_MS = 6_000;
const WORKER = join(__dirname, 'test-support', 'feed-worker.ts');

function startWorker(harness: Harness): { child: ChildProcess; ready: Promise<void> } {
  // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a child
  // process that a SIGKILL of the CLI would orphan instead of killing.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env,
      DATABASE_URL: harness.databaseUrl,
      KAFKA_BROKERS: harness.brokers.join(','),
      CONSUMER_NAME: 'crash-test',
      HANDLE_DELAY_MS: '100',
      SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') resolve();
    });
  });
  return { child, ready };
}

async function workerAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a Kafka consumer process killed with SIGKILL mid-batch', () => {
  let harness: Harness;
  let producer: Producer;
  let relay: KafkaRelay;
  let survivor: PgAppliedConsumer;
  const feed = (): KafkaFeed =>
    new KafkaFeed({
      kafka: harness.kafka,
      handleBatchMax: 3,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
  let survivorFeed: KafkaFeed | undefined;

  beforeAll(async () => {
    harness = await startHarness(2);
    producer = await createRelayProducer(harness.kafka);
    relay = new KafkaRelay({
      store: harness.store,
      checkpoints: harness.checkpoints,
      producer,
      lock: new RedisLock(harness.redis, `${harness.keyPrefix}relay`, 2_000),
    });
    relay.start();
    survivor = new PgAppliedConsumer('crash-test', harness.databaseUrl);
    await survivor.migrate();
  });

  afterAll(async () => {
    await survivorFeed?.stop();
    await survivor?.close();
    await relay?.stop();
    await producer?.disconnect();
    await harness?.stop();
  });

  it('loses nothing and applies nothing twice once another instance takes over', async () => {
    await appendStreams(harness.store, STREAMS, EVENTS_PER_STREAM, 'k');
    const worker = startWorker(harness);
    await worker.ready;
    expect(await workerAlive(worker.child.pid!)).toBe(true);
    await waitFor(async () => (await survivor.appliedCount()) >= 10, 60_000);
    worker.child.kill('SIGKILL');
    await new Promise((resolve) => worker.child.once('exit', resolve));
    expect(await workerAlive(worker.child.pid!)).toBe(false);
    const appliedAtKill = await survivor.appliedCount();
    expect(appliedAtKill).toBeLessThan(TOTAL);

    survivorFeed = feed();
    await survivorFeed.start(survivor);
    await waitFor(async () => (await survivor.appliedCount()) === TOTAL, 90_000);
    const heads = await survivor.pool.query<{ version: number }>('SELECT version FROM t_heads');
    expect(heads.rows).toHaveLength(STREAMS);
    for (const row of heads.rows) expect(row.version).toBe(EVENTS_PER_STREAM);
  });
});
