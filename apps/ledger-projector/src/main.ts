import { DashboardModule } from '@sunshine/dashboard';
import { LedgerProjectorModule } from './index';
import { consumerFeed } from '@sunshine/messaging';
import { runService } from '@sunshine/platform';

/**
 * `npm run start:ledger-projector`: the ledger projector alone (SPEC §10). It projects events
 * from the bus into the read models and serves the ledger, audit and public reads. With
 * BUS=kafka it consumes the topics in its own consumer group; otherwise it polls the shared
 * event store. It also serves the built dashboard at `/` (its reads are the projector's), so
 * a fleet behind one ingress shows the dashboard with no extra server.
 */

const SERVICE = 'ledger-projector';

runService({
  serviceName: SERVICE,
  runtimeOptions: { createFeed: consumerFeed(SERVICE) },
  modules: (runtime) => [
    LedgerProjectorModule.register(runtime),
    DashboardModule.register(runtime),
  ],
});
