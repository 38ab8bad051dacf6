import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';

/**
 * A Kafka cluster for integration tests: the brokers named by KAFKA_BROKERS when set, else
 * librdkafka's mock cluster (three brokers in a Python child process). The mock speaks the
 * real Kafka protocol, so kafkajs talks to it as to any cluster, with three limits: no admin
 * API (topics with a chosen partition count are created by the launcher), topics created on
 * first use get 4 partitions, and each partition keeps only its last ~5 MiB, so tests keep
 * their volumes small.
 */

export interface MockKafkaOptions {
  /** Topics to create before returning (mock only; with KAFKA_BROKERS they must exist). */
  topics?: string[];
  /** Partitions of each created topic, default 4. */
  partitions?: number;
  /** Broker count of the mock cluster, default 3. */
  brokerCount?: number;
}

export interface MockKafka {
  brokers: string[];
  source: 'env' | 'mock';
  /** Partition counts of the topics the mock created (empty for KAFKA_BROKERS). */
  topics: Record<string, number>;
  stop(): Promise<void>;
}

export const PYTHON_PATH = '/usr/bin/python3';
export const MOCK_KAFKA_START_TIMEOUT_MS = 20_000;
export const MOCK_KAFKA_STOP_TIMEOUT_MS = 5_000;

const LAUNCHER = join(__dirname, 'mock_kafka.py');

const readyLineSchema = z.object({
  brokers: z.array(z.string().min(1)).min(1),
  topics: z.record(z.string(), z.number().int().positive()),
});

/**
 * Throws (never skips) when neither KAFKA_BROKERS nor the Python client is available, with
 * the command that fixes it, so a Kafka suite cannot pass by not running.
 */
export function assertMockKafkaAvailable(): void {
  if (!existsSync(PYTHON_PATH)) {
    throw new Error(`KAFKA_BROKERS is unset and ${PYTHON_PATH} is missing: install python3`);
  }
  const probe = spawnSync(PYTHON_PATH, ['-c', 'import confluent_kafka'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      'KAFKA_BROKERS is unset and python3-confluent-kafka is missing: ' +
        `run "apt-get install -y python3-confluent-kafka" (${probe.stderr.trim()})`,
    );
  }
}

export async function startMockKafka(options: MockKafkaOptions = {}): Promise<MockKafka> {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) {
    const brokers = fromEnv.split(',').map((broker) => broker.trim()).filter(Boolean);
    return { brokers, source: 'env', topics: {}, stop: async () => undefined };
  }
  assertMockKafkaAvailable();
  const args = [
    LAUNCHER,
    `--brokers=${options.brokerCount ?? 3}`,
    `--partitions=${options.partitions ?? 4}`,
    `--topics=${(options.topics ?? []).join(',')}`,
  ];
  const child = spawn(PYTHON_PATH, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const ready = await readReadyLine(child);
  return { brokers: ready.brokers, source: 'mock', topics: ready.topics, stop: () => stop(child) };
}

function readReadyLine(child: ChildProcess): Promise<z.infer<typeof readyLineSchema>> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      // Keep only the tail: librdkafka logs every broker event, and only the reason matters.
      stderr = (stderr + chunk).slice(-4000);
    });
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`mock Kafka did not start: ${reason}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('timed out'), MOCK_KAFKA_START_TIMEOUT_MS);
    child.once('exit', (code) => fail(`launcher exited with code ${String(code)}`));
    child.once('error', (error) => fail(error.message));
    if (!child.stdout) {
      fail('no stdout pipe');
      return;
    }
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      lines.close();
      try {
        resolve(readyLineSchema.parse(JSON.parse(line)));
      } catch (error) {
        fail(`unreadable ready line ${line}: ${String(error)}`);
      }
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), MOCK_KAFKA_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
