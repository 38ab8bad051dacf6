import { randomBytes } from 'node:crypto';
import {
  startTestPostgres,
  startTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@sunshine/test-backends';
import { startServiceProcess, type ServiceProcess } from '../host/host-process';
import { startMockKafka, type MockKafka } from '../kafka';

/**
 * The production shape on one machine: the four services as separate processes on
 * PostgreSQL (events and read models), Redis (leases, idempotency, caches) and Kafka (the
 * brokers of KAFKA_BROKERS, else librdkafka's mock cluster). Used by the fleet end-to-end
 * test and by the fleet measure of `npm run bench`.
 */

export const FLEET_SERVICES = [
  'funds-service', 'projects-service', 'ledger-projector', 'alert-service',
] as const;
export type FleetService = (typeof FLEET_SERVICES)[number];

/** Partitions of each topic the mock cluster creates: enough for two instances to share. */
export const FLEET_PARTITIONS = 4;

export interface Fleet {
  databaseUrl: string;
  jwtSecret: string;
  brokers: string[];
  /** Every instance started so far, in start order, including those stopped or crashed. */
  instances: FleetInstance[];
  start(service: FleetService): Promise<FleetInstance>;
  stop(): Promise<void>;
}

export interface FleetInstance extends ServiceProcess {
  service: FleetService;
}

interface Backends {
  postgres: TestPostgres;
  redis: TestRedis;
  kafka: MockKafka;
}

function serviceEnv(b: Backends, jwtSecret: string, extra: Record<string, string>) {
  return {
    NODE_ENV: 'development',
    EVENT_STORE: 'postgres',
    BUS: 'kafka',
    DATABASE_URL: b.postgres.url,
    REDIS_URL: b.redis.url,
    REDIS_KEY_PREFIX: b.redis.keyPrefix,
    KAFKA_BROKERS: b.kafka.brokers.join(','),
    SUNSHINE_JWT_SECRET: jwtSecret,
    SUNSHINE_DEMO: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface FleetOptions {
  /** Topics the mock cluster creates (the messaging library's ALL_TOPICS). */
  topics: readonly string[];
  /** Environment of every service beyond the backends'. */
  env?: Record<string, string>;
}

/** Starts the backends and one instance of each service, all ready (`/ready` answers 200). */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const extraEnv = options.env ?? {};
  const postgres = await startTestPostgres();
  const redis = await startTestRedis();
  const kafka = await startMockKafka({ topics: [...options.topics], partitions: FLEET_PARTITIONS });
  const backends: Backends = { postgres, redis, kafka };
  const jwtSecret = `fleet-${randomBytes(16).toString('hex')}`;
  const instances: FleetInstance[] = [];
  const start = async (service: FleetService) => {
    const process = await startServiceProcess({
      entry: `apps/${service}/src/main.ts`,
      env: serviceEnv(backends, jwtSecret, extraEnv),
      readyPath: '/ready',
    });
    const instance = { ...process, service };
    instances.push(instance);
    return instance;
  };
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await kafka.stop();
    await redis.stop();
    await postgres.stop();
  };
  try {
    // One at a time: each start compiles the sources, which two cores do faster in turn.
    for (const service of FLEET_SERVICES) await start(service);
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl: postgres.url, jwtSecret, brokers: kafka.brokers, instances, start, stop };
}
