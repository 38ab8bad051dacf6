import type { EventStore, StoredEvent } from '@sunshine/event-store';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config';
import type { IdempotencyStore } from '../idempotency/port';

/** Nest injection token of the shared runtime: `@Inject(RUNTIME) runtime: Runtime`. */
export const RUNTIME = 'SUNSHINE_RUNTIME';

/**
 * The shape of `EventFeed` from `@sunshine/messaging`, restated here because the platform
 * sits on a lower floor than messaging and may not import it; any EventFeed fits.
 */
export interface RuntimeFeed {
  start(consumer: {
    readonly name: string;
    handle(events: StoredEvent[]): Promise<void>;
    lastPosition(): Promise<number>;
  }): Promise<void>;
  stop(): Promise<void>;
  /** Readiness of the feed's consumers (a Kafka consumer in its group and not crashed). */
  check?(): Promise<void>;
}

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check(): Promise<void>;
}

/** Everything a service module needs from its process, built once by `createRuntime`. */
export interface Runtime {
  config: Config;
  store: EventStore;
  /** PostgreSQL for read models and idempotency keys (the embedded server in embedded mode). */
  databaseUrl: string;
  redis?: Redis;
  feed?: RuntimeFeed;
  clock: () => Date;
  logger: Logger;
  idempotency: IdempotencyStore;
  /** Prometheus registry served at /metrics; modules add their own gauges and counters. */
  metrics: Registry;
  /** What /ready checks; modules may add theirs (a Kafka consumer, a projection). */
  readinessChecks: ReadinessCheck[];
  /** Runs registered close hooks (last registered first), then closes the store and servers. */
  close(): Promise<void>;
  /** Registers something to stop on close (feeds, workers, pools owned by modules). */
  onClose(hook: () => Promise<void>, name?: string): void;
}

/** Today's business date (UTC) by the runtime clock, YYYY-MM-DD. */
export function today(runtime: Pick<Runtime, 'clock'>): string {
  return runtime.clock().toISOString().slice(0, 10);
}
