import { runMain, serve, startTelemetry } from '@sunshine/platform';
import { ProjectsServiceModule } from './index';

/**
 * `npm run start:projects-service`: the project lifecycle service alone (SPEC §10). It only
 * writes to the event store; the funds service's relay carries its events to Kafka.
 */

const SERVICE = 'projects-service';

async function main(): Promise<void> {
  const telemetry = startTelemetry(SERVICE);
  const served = await serve({
    serviceName: SERVICE,
    modules: (runtime) => [ProjectsServiceModule.register(runtime)],
  });
  served.runtime.onClose(() => telemetry.shutdown(), 'telemetry');
}

runMain(SERVICE, main);
