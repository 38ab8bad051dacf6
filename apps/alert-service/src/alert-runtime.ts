import { AlertEngine, loadAlertConfig, type AlertServiceConfig } from '@sunshine/alerts';
import { catchUpSubscription, type CheckpointStore } from '@sunshine/event-store';
import { today, type Runtime } from '@sunshine/platform';
import { alertMetrics } from './alert-metrics';
import { ScanScheduler } from './scheduler';
import { WebhookNotifier } from './webhook';

/** Nest token of the running `AlertEngine`. */
export const ALERT_ENGINE = 'SUNSHINE_ALERT_ENGINE';
/** Nest token of the `AlertServiceConfig` parsed from the environment. */
export const ALERT_CONFIG = 'SUNSHINE_ALERT_CONFIG';

export interface AlertParts {
  engine: AlertEngine;
  config: AlertServiceConfig;
  scheduler: ScanScheduler;
  webhook?: WebhookNotifier;
}

/** The consumer keeps its checkpoint with its effects; the subscription only reads it. */
function consumerCheckpoints(engine: AlertEngine): CheckpointStore {
  return { load: () => engine.position(), save: async () => undefined };
}

async function startConsumer(runtime: Runtime, engine: AlertEngine): Promise<() => Promise<void>> {
  if (runtime.feed) {
    await runtime.feed.start(engine.consumer);
    return async () => undefined;
  }
  const subscription = catchUpSubscription({
    store: runtime.store,
    checkpoints: consumerCheckpoints(engine),
    name: engine.consumer.name,
    handler: (batch) => engine.consumer.handle(batch),
    onError: (error) => runtime.logger.error({ err: error }, 'alert consumer batch failed'),
  });
  subscription.finished.catch((error: unknown) =>
    runtime.logger.error({ err: error }, 'alert consumer stopped after repeated failures'),
  );
  return () => subscription.stop();
}

/** Opens the engine, feeds it, starts the scheduler and the webhook, and registers cleanup. */
export async function startAlerts(runtime: Runtime): Promise<AlertParts> {
  const config = loadAlertConfig(runtime.config.env);
  const metrics = alertMetrics(runtime.metrics);
  let webhook: WebhookNotifier | undefined;
  const engine = await AlertEngine.open({
    databaseUrl: runtime.databaseUrl,
    store: runtime.store,
    params: config.params,
    onAlertProjected: (alertId) => {
      metrics.projected.inc();
      webhook?.notify(alertId);
    },
    onError: (message, error) => runtime.logger.warn({ err: error }, message),
  });
  if (config.webhookUrl) {
    webhook = new WebhookNotifier({
      url: config.webhookUrl,
      load: (alertId) => engine.find(alertId),
      logger: runtime.logger,
    });
  }
  const scheduler = new ScanScheduler({
    intervalMs: config.scanIntervalMs,
    scan: async (asOf) => {
      try {
        const result = await engine.scan(asOf);
        metrics.scans.inc({ outcome: 'done' });
        return result;
      } catch (error) {
        metrics.scans.inc({ outcome: 'failed' });
        throw error;
      }
    },
    today: () => today(runtime),
    logger: runtime.logger,
    redis: runtime.redis,
  });
  const stopConsumer = await startConsumer(runtime, engine);
  scheduler.start();
  runtime.readinessChecks.push({
    name: 'alert-read-model',
    check: async () => void (await engine.position()),
  });
  runtime.onClose(async () => {
    await scheduler.stop();
    await stopConsumer();
    // The shared feed stops after the close hooks; stopping it here first means no batch is
    // in flight when the pool closes.
    await runtime.feed?.stop();
    await webhook?.stop();
    await engine.close();
  });
  return { engine, config, scheduler, webhook };
}
