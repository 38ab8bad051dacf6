import { PostgresCheckpointStore, PostgresEventStore } from '@sunshine/event-store';
import { FundsServiceModule } from './index';
import {
  createRelayProducer,
  KafkaRelay,
  RedisLock,
  type SingletonLock,
} from '@sunshine/messaging';
import { type Runtime, runService } from '@sunshine/platform';
import { Kafka, logLevel } from 'kafkajs';

/**
 * `npm run start:funds-service`: the funds service alone (SPEC §10). With BUS=kafka it also
 * runs the store → Kafka relay; a Redis lease keeps one relay publishing among replicas.
 */

const SERVICE = 'funds-service';
export const RELAY_LOCK_KEY = 'sunshine:lock:kafka-relay';

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
  if (!(store instanceof PostgresEventStore)) {
    logger.warn({ store: store.kind }, 'the Kafka relay needs the PostgreSQL event store');
    return;
  }
  if (!runtime.redis) logger.warn('REDIS_URL is not set: run a single funds-service instance');
  const kafka = new Kafka({
    clientId: SERVICE, brokers: runtime.config.kafkaBrokers, logLevel: logLevel.WARN,
  });
  const producer = await createRelayProducer(kafka, {
    onFallback: (error) => logger.warn({ err: error }, 'Kafka refused an idempotent producer'),
  });
  const relay = new KafkaRelay({
    store,
    checkpoints: new PostgresCheckpointStore(store.pool),
    producer,
    lock: runtime.redis ? new RedisLock(runtime.redis, RELAY_LOCK_KEY) : soleInstanceLock,
    onError: (error) => logger.error({ err: error }, 'relay batch failed'),
    onLeadership: (leader) => logger.info({ leader }, 'relay leadership changed'),
  });
  relay.start();
  runtime.onClose(async () => {
    await relay.stop();
    await producer.disconnect();
  }, 'kafka-relay');
}

runService({
  serviceName: SERVICE,
  modules: (runtime) => [FundsServiceModule.register(runtime)],
  afterListen: startRelay,
});
