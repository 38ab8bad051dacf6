import { Gauge } from 'prom-client';
import type { LedgerProjection } from '@sunshine/ledger';
import type { Runtime } from '@sunshine/platform';

/**
 * Prometheus gauges of the projection: the last position applied and how far it trails the
 * store. Both are read when /metrics is scraped, so they cost nothing in between.
 */
export function registerProjectionMetrics(runtime: Runtime, projection: LedgerProjection): void {
  const registers = [runtime.metrics];
  new Gauge({
    name: 'sunshine_ledger_projection_position',
    help: 'Last global position applied to the ledger read models',
    registers,
    async collect() {
      this.set(await projection.lastPosition());
    },
  });
  new Gauge({
    name: 'sunshine_ledger_projection_lag_events',
    help: 'Events appended to the store and not yet applied to the ledger read models',
    registers,
    async collect() {
      const [head, position] = await Promise.all([
        runtime.store.headPosition(),
        projection.lastPosition(),
      ]);
      this.set(Math.max(0, head - position));
    },
  });
}
