import { PostgresCheckpointStore } from '@sunshine/event-store';
import { FundsServiceModule } from './index';
import {
  createRelayProducer,
  KafkaRelay,
  RELAY_NAME_DEFAULT,
  RedisLock,
  type SingletonLock,
} from '@sunshine/messaging';
import { type Runtime, runService } from '@sunshine/platform';
import { Kafka, logLevel } from 'kafkajs';

/**
 * `npm run start:funds-service`: the funds service alone (SPEC §10). With BUS=kafka it also
 * runs the store → Kafka relay; a Redis lease keeps one relay publishing among replicas.
 * The relay reads whichever store is configured through the port; its checkpoint is kept in
 * DATABASE_URL (SPEC §8), also when the events live in EventStoreDB.
 */

const SERVICE = 'funds-service';
export const RELAY_LOCK_KEY = 'sunshine:lock:kafka-relay';

/**
 * Positions of one store mean nothing in another, so a fleet moved from PostgreSQL to
 * EventStoreDB on the same DATABASE_URL starts its relay from the new store's beginning.
 */
export function relayCheckpointName(storeKind: string): string {
  return storeKind === 'esdb' ? `${RELAY_NAME_DEFAULT}:esdb` : RELAY_NAME_DEFAULT;
}

/** Without Redis there is one instance by definition, so the lease is always ours. */
const soleInstanceLock: SingletonLock = {
  ttlMs: 10_000,
  tryAcquire: async () => true,
  renew: async () => true,
  release: async () => undefined,
};

async function startRelay(runtime: Runtime): Promise<void> {
  if (runtime.config.bus !== 'kafka') return;
  const { store, logger } = runtime;
  if (!runtime.redis) logger.warn('REDIS_URL is not set: run a single funds-service instance');
  const kafka = new Kafka({
    clientId: SERVICE, brokers: runtime.config.kafkaBrokers, logLevel: logLevel.WARN,
  });
  const producer = await createRelayProducer(kafka, {
    onFallback: (error) => logger.warn({ err: error }, 'Kafka refused an idempotent producer'),
  });
  const checkpoints = await PostgresCheckpointStore.open(runtime.databaseUrl);
  const relay = new KafkaRelay({
    store,
    checkpoints,
    name: relayCheckpointName(store.kind),
    producer,
    lock: runtime.redis ? new RedisLock(runtime.redis, RELAY_LOCK_KEY) : soleInstanceLock,
    onError: (error) => logger.error({ err: error }, 'relay batch failed'),
    onLeadership: (leader) => logger.info({ leader }, 'relay leadership changed'),
  });
  relay.start();
  logger.info({ store: store.kind }, 'Kafka relay started');
  runtime.onClose(async () => {
    await relay.stop();
    await producer.disconnect();
    await checkpoints.close();
  }, 'kafka-relay');
}

runService({
  serviceName: SERVICE,
  modules: (runtime) => [FundsServiceModule.register(runtime)],
  afterListen: startRelay,
});
