import { InProcessFeed } from '@sunshine/messaging';
import { runMain, serve, startTelemetry } from '@sunshine/platform';
import { startupBanner } from './banner';
import { serviceModules } from './modules';
import { seedDemoCounty } from './seed';

/**
 * `npm start`: the whole system in one process (SPEC §10): the embedded event store, the
 * in-process feed and all four service modules on one port.
 */
const SERVICE = 'sunshine';

async function main(): Promise<void> {
  const telemetry = startTelemetry(SERVICE);
  const served = await serve({
    serviceName: SERVICE,
    runtimeOptions: {
      createFeed: ({ store, logger }) =>
        new InProcessFeed({
          store,
          onError: (consumer, error) =>
            logger.error({ consumer, err: error }, 'feed batch failed'),
        }),
    },
    beforeModules: async (runtime) => {
      await seedDemoCounty(runtime);
    },
    modules: serviceModules,
    afterListen: async (runtime, baseUrl) => {
      process.stdout.write(`${startupBanner(runtime, baseUrl)}\n`);
    },
  });
  served.runtime.onClose(() => telemetry.shutdown(), 'telemetry');
}

runMain(SERVICE, main);
