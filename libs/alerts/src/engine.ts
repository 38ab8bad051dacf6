import type { EventStore } from '@sunshine/event-store';
import { Pool } from 'pg';
import type { AlertRuleParams } from './config';
import { EventStoreAlertRaiser } from './store/alert-commands';
import {
  findAlert,
  findAssignedAlert,
  listAlerts,
  type AlertQuery,
  type AlertView,
} from './store/alert-queries';
import { alertDetail, type AlertDetail } from './supervision/alert-detail';
import { AlertConsumer } from './store/consumer';
import { enqueueFindings } from './store/outbox';
import type { AlertRaiser, DrainResult } from './store/raiser';
import { scanFindings } from './store/scan';
import { ensureAlertSchema } from './store/schema';

/** Connections the alert-service holds on its read-model database. */
export const ALERT_POOL_SIZE_MAX = 5;

/**
 * How long a scan waits for the consumer to apply what the store held when the scan was
 * asked for, so that a scan right after a write (an assignment, a payment) sees it.
 */
export const SCAN_CATCH_UP_WAIT_MS = 5_000;
const CATCH_UP_POLL_MS = 25;

export interface AlertEngineOptions {
  databaseUrl: string;
  store: EventStore;
  params: AlertRuleParams;
  raiser?: AlertRaiser;
  onAlertProjected?: (alertId: string) => void;
  onError?: (message: string, error: unknown) => void;
}

export interface ScanResult extends DrainResult {
  asOf: string;
  found: number;
  queued: number;
}

/**
 * The alert-service's working parts behind one object: the consumer the feed drives, the
 * scan of the time rules, and the queries of the alert read model.
 */
export class AlertEngine {
  readonly consumer: AlertConsumer;

  private constructor(
    readonly pool: Pool,
    private readonly options: AlertEngineOptions,
  ) {
    this.consumer = new AlertConsumer({
      pool,
      store: options.store,
      raiser: options.raiser ?? new EventStoreAlertRaiser(options.store),
      params: options.params,
      onAlertProjected: options.onAlertProjected,
      onError: options.onError,
    });
  }

  static async open(options: AlertEngineOptions): Promise<AlertEngine> {
    const pool = new Pool({ connectionString: options.databaseUrl, max: ALERT_POOL_SIZE_MAX });
    // An idle connection that dies emits here; the next query reports the failure.
    pool.on('error', () => undefined);
    await ensureAlertSchema(pool);
    return new AlertEngine(pool, options);
  }

  /**
   * Runs the time rules as of `asOf` and raises what they find; with `regionPrefixes`, only
   * findings inside those regions (a caller's scan stays inside the caller's regions).
   */
  async scan(asOf: string, regionPrefixes?: readonly string[]): Promise<ScanResult> {
    await this.caughtUp();
    const all = await scanFindings(this.pool, asOf, this.options.params);
    const findings = regionPrefixes === undefined
      ? all
      : all.filter(({ candidate }) =>
        regionPrefixes.some((prefix) => candidate.regionCode.startsWith(prefix)));
    const queued = await enqueueFindings(this.pool, findings, {
      correlationId: `scan-${asOf}`,
      causationId: `scan-${asOf}`,
    });
    const drained = await this.consumer.drain();
    return { asOf, found: findings.length, queued, ...drained };
  }

  list(query: AlertQuery): Promise<{ items: AlertView[]; nextCursor?: string }> {
    return listAlerts(this.pool, query);
  }

  find(alertId: string): Promise<AlertView | undefined> {
    return findAlert(this.pool, alertId);
  }

  /** The alert with its case handling, history and readable evidence (SPEC §12). */
  async detail(alertId: string): Promise<AlertDetail | undefined> {
    const found = await findAssignedAlert(this.pool, alertId);
    return found && alertDetail(this.options.store, found.view, found.assignment);
  }

  private async caughtUp(): Promise<void> {
    const head = await this.options.store.headPosition();
    const deadline = Date.now() + SCAN_CATCH_UP_WAIT_MS;
    while ((await this.position()) < head && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    }
  }

  /** The last global position the alert read model has applied. */
  position(): Promise<number> {
    return this.consumer.lastPosition();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
