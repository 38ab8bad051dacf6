import { AlertServiceModule } from './index';
import { InProcessFeed, KafkaFeed } from '@sunshine/messaging';
import { type RuntimeOptions, runMain, serve, startTelemetry } from '@sunshine/platform';
import { Kafka, logLevel } from 'kafkajs';

/**
 * `npm run start:alert-service`: the alert service alone (SPEC §10). It evaluates the rules
 * on events from the bus, runs the scheduled scans and serves the alert API. With BUS=kafka
 * it consumes the topics in its own consumer group; otherwise it polls the shared event store.
 */

const SERVICE = 'alert-service';

const createFeed: RuntimeOptions['createFeed'] = ({ config, store, logger }) => {
  if (config.bus === 'kafka') {
    const kafka = new Kafka({
      clientId: SERVICE, brokers: config.kafkaBrokers, logLevel: logLevel.WARN,
    });
    return new KafkaFeed({ kafka });
  }
  return new InProcessFeed({
    store,
    onError: (consumer, error) =>
      logger.error({ consumer, err: error }, 'feed batch failed'),
  });
};

async function main(): Promise<void> {
  const telemetry = startTelemetry(SERVICE);
  const served = await serve({
    serviceName: SERVICE,
    runtimeOptions: { createFeed },
    modules: (runtime) => [AlertServiceModule.register(runtime)],
  });
  served.runtime.onClose(() => telemetry.shutdown(), 'telemetry');
}

runMain(SERVICE, main);
