import { intParam, type RuntimeOptions } from '@sunshine/platform';
import { Kafka, logLevel } from 'kafkajs';
import { InProcessFeed } from './in-process-feed';
import { KAFKA_MAX_WAIT_MS_DEFAULT, KAFKA_SESSION_TIMEOUT_MS_DEFAULT, KafkaFeed } from './kafka-feed';

export type CreateFeed = NonNullable<RuntimeOptions['createFeed']>;

/**
 * The feed of a service that consumes events by itself (the ledger projector, the alert
 * service): with BUS=kafka it reads the topics in its own consumer group; otherwise it polls
 * the shared event store. KAFKA_MAX_WAIT_MS bounds how long an idle fetch waits (default
 * KAFKA_MAX_WAIT_MS_DEFAULT), and so the delay between a publish and its consumption;
 * KAFKA_SESSION_TIMEOUT_MS how long a dead instance keeps its partitions from the survivors.
 */
export function consumerFeed(clientId: string): CreateFeed {
  return ({ config, store, logger }) => {
    if (config.bus === 'kafka') {
      const kafka = new Kafka({ clientId, brokers: config.kafkaBrokers, logLevel: logLevel.WARN });
      const maxWaitTimeMs = intParam(config, 'KAFKA_MAX_WAIT_MS', KAFKA_MAX_WAIT_MS_DEFAULT);
      const sessionTimeoutMs = intParam(config, 'KAFKA_SESSION_TIMEOUT_MS',
        KAFKA_SESSION_TIMEOUT_MS_DEFAULT);
      return new KafkaFeed({
        kafka,
        maxWaitTimeMs,
        sessionTimeoutMs,
        onError: (consumer, error) => logger.error({ consumer, err: error }, 'Kafka consumer'),
      });
    }
    return new InProcessFeed({
      store,
      onError: (consumer, error) => logger.error({ consumer, err: error }, 'feed batch failed'),
    });
  };
}
