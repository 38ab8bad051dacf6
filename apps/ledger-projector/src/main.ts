import { LedgerProjectorModule } from './index';
import { consumerFeed } from '@sunshine/messaging';
import { runService } from '@sunshine/platform';

/**
 * `npm run start:ledger-projector`: the ledger projector alone (SPEC §10). It projects events
 * from the bus into the read models and serves the ledger, audit and public reads. With
 * BUS=kafka it consumes the topics in its own consumer group; otherwise it polls the shared
 * event store.
 */

const SERVICE = 'ledger-projector';

runService({
  serviceName: SERVICE,
  runtimeOptions: { createFeed: consumerFeed(SERVICE) },
  modules: (runtime) => [LedgerProjectorModule.register(runtime)],
});
