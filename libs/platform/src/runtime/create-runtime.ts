import {
  configureCommands,
  EsdbEventStore,
  type EventStore,
  PostgresEventStore,
  startEmbeddedPostgres,
} from '@sunshine/event-store';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { ConfigError, intParam } from '../config/config';
import type { IdempotencyStore } from '../idempotency/port';
import { PostgresIdempotencyStore } from '../idempotency/postgres';
import { RedisIdempotencyStore } from '../idempotency/redis';
import { createLogger } from '../observability/logger';
import { createMetricsRegistry } from '../observability/metrics';
import type { ReadinessCheck, Runtime, RuntimeFeed } from './runtime';

/** Memory for cached stream folds (COMMAND_CACHE_MB), an estimate: see aggregate-cache.ts. */
export const COMMAND_CACHE_MB_DEFAULT = 256;
/** Commands to Redis fail after this many reconnect attempts instead of queueing forever. */
export const REDIS_RETRIES_PER_REQUEST_MAX = 3;

export interface RuntimeOptions {
  serviceName?: string;
  clock?: () => Date;
  logger?: Logger;
  /** Builds the event feed once the store exists (in-process or Kafka, from messaging). */
  createFeed?: (parts: { config: Config; store: EventStore; logger: Logger }) => RuntimeFeed;
}

interface StoreParts {
  store: EventStore;
  databaseUrl: string;
  stopServer?: () => Promise<void>;
}

async function openStore(config: Config, logger: Logger): Promise<StoreParts> {
  if (config.eventStore === 'embedded') {
    const startedAt = Date.now();
    const server = await startEmbeddedPostgres({ dataDir: config.dataDir });
    const ms = Date.now() - startedAt;
    logger.info({ dataDir: config.dataDir, ms }, 'embedded PostgreSQL started');
    try {
      const store = await PostgresEventStore.connect({
        connectionString: server.url,
        kind: 'embedded',
      });
      return { store, databaseUrl: server.url, stopServer: server.stop };
    } catch (error) {
      await server.stop();
      throw error;
    }
  }
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required');
  if (config.eventStore === 'postgres') {
    const store = await PostgresEventStore.connect({ connectionString: config.databaseUrl });
    return { store, databaseUrl: config.databaseUrl };
  }
  return { store: await openEsdb(config), databaseUrl: config.databaseUrl };
}

/** EventStoreDB/KurrentDB holds the events; PostgreSQL (DATABASE_URL) the read models. */
async function openEsdb(config: Config): Promise<EventStore> {
  if (!config.esdbUrl) throw new ConfigError('EVENT_STORE=esdb needs ESDB_URL');
  return EsdbEventStore.connect(config.esdbUrl);
}

async function openIdempotency(
  config: Config,
  databaseUrl: string,
  redis: Redis | undefined,
): Promise<IdempotencyStore> {
  if (redis) return new RedisIdempotencyStore(redis);
  return PostgresIdempotencyStore.open(databaseUrl);
}

function openRedis(config: Config): Redis | undefined {
  // The one-process host keeps its keys in the embedded database; Redis serves the
  // distributed deployment, where several instances must agree.
  if (!config.redisUrl || config.eventStore === 'embedded') return undefined;
  return new Redis(config.redisUrl, {
    maxRetriesPerRequest: REDIS_RETRIES_PER_REQUEST_MAX, keyPrefix: config.redisKeyPrefix,
  });
}

function readinessChecks(parts: StoreParts, idempotency: IdempotencyStore, redis?: Redis) {
  const checks: ReadinessCheck[] = [
    { name: 'event-store', check: async () => void (await parts.store.headPosition()) },
    { name: 'database', check: () => idempotency.ping() },
  ];
  if (redis) checks.push({ name: 'redis', check: async () => void (await redis.ping()) });
  return checks;
}

/** Builds the process runtime from the configuration (docs/architecture.md, Composition). */
export async function createRuntime(
  config: Config,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const serviceName = options.serviceName ?? 'sunshine';
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: serviceName });
  const parts = await openStore(config, logger);
  configureCommands(parts.store, {
    cacheBytesMax: intParam(config, 'COMMAND_CACHE_MB', COMMAND_CACHE_MB_DEFAULT) * 1024 * 1024,
    onBackgroundError: (error) => logger.warn({ err: error }, 'a stream snapshot failed'),
  });
  const redis = openRedis(config);
  const idempotency = await openIdempotency(config, parts.databaseUrl, redis);
  const hooks: Array<[string, () => Promise<void>]> = [];
  const feed = options.createFeed?.({ config, store: parts.store, logger });
  const checks = readinessChecks(parts, idempotency, redis);
  if (feed?.check) checks.push({ name: 'feed', check: () => feed.check!() });
  let closed = false;
  return {
    config,
    store: parts.store,
    databaseUrl: parts.databaseUrl,
    redis,
    feed,
    clock: options.clock ?? (() => new Date()),
    logger,
    idempotency,
    metrics: createMetricsRegistry(serviceName),
    readinessChecks: checks,
    onClose: (hook, name = 'close hook') => void hooks.push([name, hook]),
    close: async () => {
      if (closed) return;
      closed = true;
      // The feed first: no batch may be in flight when a module's hook closes its pool.
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['feed', async () => feed?.stop()],
        ...hooks.reverse(),
        ['idempotency', () => idempotency.close()],
        ['redis', async () => redis?.quit()],
        ['event-store', () => parts.store.close()],
        ['embedded-server', async () => parts.stopServer?.()],
      ];
      // Every step runs even when an earlier one fails, so nothing is left open.
      for (const [name, step] of steps) {
        const startedAt = Date.now();
        try {
          await step();
          logger.debug({ step: name, ms: Date.now() - startedAt }, 'closed');
        } catch (error) {
          logger.error({ step: name, err: error }, 'a resource failed to close');
        }
      }
    },
  };
}
