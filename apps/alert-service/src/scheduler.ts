import { randomUUID } from 'node:crypto';
import type { ScanResult } from '@sunshine/alerts';
import type { Logger } from 'pino';

/** The Redis key one scheduler of a fleet holds while its scan runs and until the next tick. */
export const SCAN_LOCK_KEY = 'sunshine:alert-scan:lock';
/** The lock lapses a little before the next tick, so a live fleet always has a taker. */
const LOCK_MARGIN_MS = 500;

/** What the scheduler needs of Redis: SET with NX and PX. */
export interface LockClient {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<string | null>;
}

export interface ScanSchedulerOptions {
  intervalMs: number;
  scan: (asOf: string) => Promise<ScanResult>;
  today: () => string;
  logger: Pick<Logger, 'info' | 'error'>;
  /** Without Redis (embedded mode) this process is the only scheduler. */
  redis?: LockClient;
  lockKey?: string;
}

/**
 * Runs the time rules every interval (default daily). In a fleet, each tick races for a
 * Redis lock held for nearly one interval, so one instance scans per interval; a scan that
 * another instance also ran raises nothing twice anyway, alert ids being deterministic.
 */
export class ScanScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly instanceId = randomUUID();

  constructor(private readonly options: ScanSchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One scheduled run: take the lock (when there is a fleet) and scan as of today. */
  async tick(): Promise<boolean> {
    if (this.running) return false;
    if (!(await this.acquire())) return false;
    const asOf = this.options.today();
    this.running = this.options
      .scan(asOf)
      .then((result) => this.options.logger.info({ ...result }, 'scheduled alert scan done'))
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, asOf }, 'scheduled alert scan failed'),
      )
      .finally(() => (this.running = undefined));
    await this.running;
    return true;
  }

  private async acquire(): Promise<boolean> {
    const { redis, intervalMs } = this.options;
    if (!redis) return true;
    const ttlMs = Math.max(intervalMs - LOCK_MARGIN_MS, LOCK_MARGIN_MS);
    try {
      const key = this.options.lockKey ?? SCAN_LOCK_KEY;
      return (await redis.set(key, this.instanceId, 'PX', ttlMs, 'NX')) === 'OK';
    } catch (error) {
      this.options.logger.error({ err: error }, 'scan lock unavailable: tick skipped');
      return false;
    }
  }
}
