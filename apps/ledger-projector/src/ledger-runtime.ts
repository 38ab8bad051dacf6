import type { DataSource } from 'typeorm';
import { catchUpSubscription, type CheckpointStore } from '@sunshine/event-store';
import {
  IDLE_DAYS_DEFAULT,
  LEDGER_SCHEMA_DEFAULT,
  LedgerProjection,
  LedgerQueries,
  assertSchemaName,
  openLedgerDataSource,
} from '@sunshine/ledger';
import { intParam, type Runtime } from '@sunshine/platform';
import { registerProjectionMetrics } from './projection-metrics';

/** Nest token of the `LedgerQueries` the controllers read through. */
export const LEDGER_QUERIES = 'SUNSHINE_LEDGER_QUERIES';

export interface LedgerParts {
  dataSource: DataSource;
  projection: LedgerProjection;
  queries: LedgerQueries;
}

/** The read-model schema: `LEDGER_SCHEMA`, default `ledger`. */
export function ledgerSchema(runtime: Runtime): string {
  return assertSchemaName(runtime.config.env.LEDGER_SCHEMA ?? LEDGER_SCHEMA_DEFAULT);
}

/**
 * The projection keeps its checkpoint with its effects, so the subscription's own save is
 * nothing but a reading of the same table.
 */
function projectionCheckpoints(projection: LedgerProjection): CheckpointStore {
  return {
    load: () => projection.lastPosition(),
    save: async () => undefined,
  };
}

/**
 * Starts the projection on the runtime's feed (in-process or Kafka). A runtime built
 * without a feed gets the event store's catch-up subscription instead.
 */
async function startProjection(runtime: Runtime, projection: LedgerProjection) {
  if (runtime.feed) {
    await runtime.feed.start(projection);
    return async () => undefined;
  }
  const subscription = catchUpSubscription({
    store: runtime.store,
    checkpoints: projectionCheckpoints(projection),
    name: projection.name,
    handler: (batch) => projection.handle(batch),
    onError: (error) => runtime.logger.error({ err: error }, 'ledger projection batch failed'),
  });
  subscription.finished.catch((error: unknown) =>
    runtime.logger.error({ err: error }, 'ledger projection stopped after repeated failures'),
  );
  return () => subscription.stop();
}

export async function startLedger(runtime: Runtime): Promise<LedgerParts> {
  const schema = ledgerSchema(runtime);
  const dataSource = await openLedgerDataSource(runtime.databaseUrl, schema);
  const projection = new LedgerProjection(dataSource, schema);
  const queries = new LedgerQueries({
    db: dataSource,
    schema,
    store: runtime.store,
    idleDays: intParam(runtime.config, 'IDLE_DAYS', IDLE_DAYS_DEFAULT),
  });
  const stop = await startProjection(runtime, projection);
  registerProjectionMetrics(runtime, projection);
  runtime.readinessChecks.push({
    name: 'ledger-read-model',
    check: async () => void (await projection.lastPosition()),
  });
  runtime.onClose(async () => {
    await stop();
    // The shared feed stops after the close hooks; it is stopped here first so that no
    // batch is in flight when the connections go.
    await runtime.feed?.stop();
    await dataSource.destroy();
  }, 'ledger-projector');
  return { dataSource, projection, queries };
}
