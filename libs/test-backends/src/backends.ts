import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client } from 'pg';

/**
 * Finds a backend for integration tests, in this order: an explicit URL from the
 * environment, else testcontainers when a Docker engine answers, else the local server.
 * Each caller gets a fresh database and drops it when done.
 */

export type BackendSource = 'env' | 'testcontainers' | 'local';

export interface TestPostgres {
  url: string;
  source: BackendSource;
  stop(): Promise<void>;
}

const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function dockerEngineLikelyAvailable(): boolean {
  if (process.env.DOCKER_HOST) return true;
  return existsSync('/var/run/docker.sock');
}

async function dockerEngineAnswers(): Promise<boolean> {
  if (!dockerEngineLikelyAvailable()) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function serverUrl(): Promise<{ url: string; source: BackendSource; stop: () => Promise<void> }> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: 'env', stop: async () => undefined };
  if (await dockerEngineAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    return {
      url: container.getConnectionUri(),
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  }
  return { url: LOCAL_POSTGRES_URL, source: 'local', stop: async () => undefined };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty PostgreSQL database on a real server. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const server = await serverUrl();
  const database = `sunshine_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(server.url, database),
    source: server.source,
    stop: async () => {
      const cleanup = new Client({ connectionString: server.url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
      await server.stop();
    },
  };
}

export interface TestRedis {
  url: string;
  source: BackendSource;
  /** A key prefix unique to this caller, so parallel test files never share keys. */
  keyPrefix: string;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const keyPrefix = `sunshine-t-${randomBytes(6).toString('hex')}:`;
  const fromEnv = process.env.TEST_REDIS_URL;
  if (fromEnv) return { url: fromEnv, source: 'env', keyPrefix, stop: async () => undefined };
  if (await dockerEngineAnswers()) {
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start();
    return {
      url: container.getConnectionUrl(),
      source: 'testcontainers',
      keyPrefix,
      stop: async () => {
        await container.stop();
      },
    };
  }
  return { url: 'redis://127.0.0.1:6379', source: 'local', keyPrefix, stop: async () => undefined };
}

export interface TestEventStoreDb {
  url: string;
  source: 'env' | 'testcontainers';
  stop(): Promise<void>;
}

/**
 * EventStoreDB/KurrentDB from ESDB_URL, else a testcontainers KurrentDB, else null with the
 * reason, so that the caller prints one line saying the suite was skipped and why.
 */
export async function findTestEventStoreDb(): Promise<TestEventStoreDb | { skipped: string }> {
  const fromEnv = process.env.ESDB_URL;
  if (fromEnv) return { url: fromEnv, source: 'env', stop: async () => undefined };
  if (!(await dockerEngineAnswers())) {
    return { skipped: 'ESDB_URL is not set and no Docker engine answers for testcontainers' };
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('kurrentplatform/kurrentdb:latest')
    .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  const url = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  return { url, source: 'testcontainers', stop: async () => void (await container.stop()) };
}
