import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PostgresCheckpointStore, PostgresEventStore } from '@sunshine/event-store';
import {
  ALL_TOPICS,
  KafkaFeed,
  KafkaRelay,
  RedisLock,
  createRelayProducer,
  type EventConsumer,
} from '@sunshine/messaging';
import {
  LedgerProjection,
  catchUp,
  compareReadModels,
  ensureReadModelSchema,
  openLedgerDataSource,
} from '@sunshine/ledger';
import {
  bulkBatches,
  generateCounty,
  startMockKafka,
  startTestPostgres,
  startTestRedis,
  type MockKafka,
  type TestPostgres,
  type TestRedis,
} from '@sunshine/testing';
import { Redis } from 'ioredis';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(240_000);

/** SPEC issue 4: projectors fed by Kafka, killed midway, end equal to a fresh rebuild. */

const PARTITIONS = 3;
const SESSION_TIMEOUT_MS = 6_000;
const HANDLE_BATCH_MAX = 5;
const COMPLETION_TIMEOUT_MS = 60_000;
const SURVIVOR_BATCH_DELAY_MS = 250;
const WORKER = join(__dirname, 'projector-worker.ts');

interface Backends {
  postgres: TestPostgres;
  redisServer: TestRedis;
  redis: Redis;
  cluster: MockKafka;
  store: PostgresEventStore;
  producer: Producer;
  relay: KafkaRelay;
  dataSource: DataSource;
  kafka: Kafka;
  totalEvents: number;
}

async function startBackends(): Promise<Backends> {
  const postgres = await startTestPostgres();
  const redisServer = await startTestRedis();
  const cluster = await startMockKafka({ topics: [...ALL_TOPICS], partitions: PARTITIONS });
  const store = await PostgresEventStore.connect({ connectionString: postgres.url });
  const county = generateCounty({
    seed: 4,
    towns: 1,
    villagesPerTown: 3,
    householdsPerVillage: 8,
    funds: 5,
    projects: 3,
    months: 8,
  });
  for (const batch of bulkBatches(county)) await store.appendBulk(batch);
  const kafka = new Kafka({ brokers: cluster.brokers, logLevel: logLevel.NOTHING });
  const producer = await createRelayProducer(kafka);
  const redis = new Redis(redisServer.url);
  const relay = new KafkaRelay({
    store,
    checkpoints: new PostgresCheckpointStore(store.pool),
    producer,
    lock: new RedisLock(redis, `${redisServer.keyPrefix}relay`, 2_000),
  });
  relay.start();
  const dataSource = await openLedgerDataSource(postgres.url);
  const totalEvents = await store.headPosition();
  return { postgres, redisServer, redis, cluster, store, producer, relay, dataSource, kafka,
    totalEvents };
}

async function stopBackends(b: Backends | undefined): Promise<void> {
  if (!b) return;
  await b.relay.stop();
  await b.producer.disconnect();
  await b.dataSource.destroy();
  await b.store.close();
  await b.redis.del(`${b.redisServer.keyPrefix}relay`);
  b.redis.disconnect();
  await b.cluster.stop();
  await b.redisServer.stop();
  await b.postgres.stop();
}

interface Worker {
  child: ChildProcess;
  lines: string[];
  waitForLine(line: string, timeoutMs: number): Promise<void>;
}

function startWorker(b: Backends, schema: string, name: string, hangAfterBatches: number): Worker {
  // Node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a child
  // process that a SIGKILL of the CLI would orphan instead of killing.
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env,
      DATABASE_URL: b.postgres.url,
      KAFKA_BROKERS: b.cluster.brokers.join(','),
      LEDGER_SCHEMA: schema,
      CONSUMER_NAME: name,
      HANG_AFTER_BATCHES: String(hangAfterBatches),
      HANDLE_BATCH_MAX: String(HANDLE_BATCH_MAX),
      SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: { line: string; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.line === line)) waiter.resolve();
  });
  const waitForLine = (line: string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (lines.includes(line)) return resolve();
      const timer = setTimeout(() => reject(new Error(`worker never said "${line}"`)), timeoutMs);
      child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)}`)));
      waiters.push({ line, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { child, lines, waitForLine };
}

async function kill(worker: Worker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill('SIGKILL');
  await exited;
}

const progressRow = z.object({ streams: z.coerce.number(), events: z.coerce.number() });

/** Waits until every stream of the store is applied up to its last version. */
async function waitForCompletion(b: Backends, schema: string): Promise<void> {
  const streamCount = (await b.store.listStreams('', 100_000)).length;
  const deadline = Date.now() + COMPLETION_TIMEOUT_MS;
  for (;;) {
    const [row] = z.array(progressRow).parse(
      await b.dataSource.query(
        `SELECT count(*) FILTER (WHERE version > 0) AS streams,
                coalesce(sum(version), 0) AS events
         FROM ${schema}.projection_streams`,
      ),
    );
    if (row?.streams === streamCount && row.events === b.totalEvents) return;
    if (Date.now() > deadline) throw new Error(`projection incomplete: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A fresh rebuild straight from the store, in global order, under the same consumer name. */
async function freshRebuild(b: Backends, schema: string, name: string): Promise<void> {
  await ensureReadModelSchema(b.dataSource, schema);
  await catchUp(b.store, new LedgerProjection(b.dataSource, schema, name));
}

/**
 * The projection with the pace of a busy instance, so the second instance joins while work
 * is left and the two really split the partitions. It starts only once the other instance
 * is about to join (`othersUp`): on a loaded machine a worker process can take longer to
 * start than the whole topic takes to drain.
 */
function slowed(
  projection: LedgerProjection,
  batches: { count: number },
  othersUp: Promise<void>,
): EventConsumer {
  return {
    name: projection.name,
    lastPosition: () => projection.lastPosition(),
    handle: async (events) => {
      await othersUp;
      await new Promise((resolve) => setTimeout(resolve, SURVIVOR_BATCH_DELAY_MS));
      await projection.handle(events);
      batches.count += 1;
    },
  };
}

describe('ledger projectors fed by Kafka', () => {
  let b: Backends | undefined;
  const workers: Worker[] = [];
  const feeds: KafkaFeed[] = [];

  beforeAll(async () => {
    b = await startBackends();
  });

  afterAll(async () => {
    for (const worker of workers) await kill(worker);
    await Promise.all(feeds.map((feed) => feed.stop()));
    await stopBackends(b);
  });

  it('two instances, one killed midway: the read model equals a fresh rebuild', async () => {
    const backends = b!;
    const name = 'ledger-two-instances';
    const schema = 'ledger_kafka_two';
    await ensureReadModelSchema(backends.dataSource, schema);
    const survivor = new KafkaFeed({
      kafka: backends.kafka,
      handleBatchMax: HANDLE_BATCH_MAX,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
    feeds.push(survivor);
    const survivorBatches = { count: 0 };
    let doomedUp: () => void = () => undefined;
    const othersUp = new Promise<void>((resolve) => (doomedUp = resolve));
    await survivor.start(slowed(new LedgerProjection(backends.dataSource, schema, name),
      survivorBatches, othersUp));
    const doomed = startWorker(backends, schema, name, 3);
    workers.push(doomed);
    await doomed.waitForLine('starting', 120_000);
    doomedUp();
    await doomed.waitForLine('hanging', 90_000);
    expect(survivorBatches.count).toBeGreaterThan(0);
    await kill(doomed);

    await waitForCompletion(backends, schema);
    await freshRebuild(backends, 'ledger_fresh_two', name);
    const comparison = await compareReadModels(backends.dataSource, schema, 'ledger_fresh_two');
    expect(comparison.differences).toEqual([]);
    expect(comparison.rowCounts.money_movements?.[0]).toBeGreaterThan(0);
  });

  it('a projector killed with SIGKILL mid-batch and restarted equals a fresh rebuild', async () => {
    const backends = b!;
    const name = 'ledger-restarted';
    const schema = 'ledger_kafka_restart';
    await ensureReadModelSchema(backends.dataSource, schema);
    const first = startWorker(backends, schema, name, 4);
    workers.push(first);
    await first.waitForLine('hanging', 60_000);
    await kill(first);
    const appliedBeforeKill = first.lines.filter((line) => line.startsWith('applied')).length;
    expect(appliedBeforeKill).toBe(4);

    const restarted = startWorker(backends, schema, name, 0);
    workers.push(restarted);
    await restarted.waitForLine('ready', 60_000);
    await waitForCompletion(backends, schema);
    await freshRebuild(backends, 'ledger_fresh_restart', name);
    const comparison = await compareReadModels(
      backends.dataSource,
      schema,
      'ledger_fresh_restart',
    );
    expect(comparison.differences).toEqual([]);
  });
});
