import type { RuntimeOptions } from '@sunshine/platform';
import { Kafka, logLevel } from 'kafkajs';
import { InProcessFeed } from './in-process-feed';
import { KafkaFeed } from './kafka-feed';

export type CreateFeed = NonNullable<RuntimeOptions['createFeed']>;

/**
 * The feed of a service that consumes events by itself (the ledger projector, the alert
 * service): with BUS=kafka it reads the topics in its own consumer group; otherwise it polls
 * the shared event store.
 */
export function consumerFeed(clientId: string): CreateFeed {
  return ({ config, store, logger }) => {
    if (config.bus === 'kafka') {
      const kafka = new Kafka({ clientId, brokers: config.kafkaBrokers, logLevel: logLevel.WARN });
      return new KafkaFeed({ kafka });
    }
    return new InProcessFeed({
      store,
      onError: (consumer, error) => logger.error({ consumer, err: error }, 'feed batch failed'),
    });
  };
}
