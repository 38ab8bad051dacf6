import { AlertServiceModule } from './index';
import { consumerFeed } from '@sunshine/messaging';
import { runService } from '@sunshine/platform';

/**
 * `npm run start:alert-service`: the alert service alone (SPEC §10). It evaluates the rules
 * on events from the bus, runs the scheduled scans and serves the alert API. With BUS=kafka
 * it consumes the topics in its own consumer group; otherwise it polls the shared event store.
 */

const SERVICE = 'alert-service';

runService({
  serviceName: SERVICE,
  runtimeOptions: { createFeed: consumerFeed(SERVICE) },
  modules: (runtime) => [AlertServiceModule.register(runtime)],
});
