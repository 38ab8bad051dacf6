import { Counter, type Registry } from 'prom-client';

/** Prometheus counters of the alert service, on the runtime's registry (served at /metrics). */
export interface AlertMetrics {
  projected: Counter;
  scans: Counter<'outcome'>;
}

export function alertMetrics(registry: Registry): AlertMetrics {
  return {
    projected: new Counter({
      name: 'sunshine_alerts_projected_total',
      help: 'Alerts newly added to the alert read model',
      registers: [registry],
    }),
    scans: new Counter({
      name: 'sunshine_alert_scans_total',
      help: 'Scans of the time rules, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
