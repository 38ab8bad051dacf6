import type { AlertView } from '@sunshine/alerts';
import type { Logger } from 'pino';

/** Limits of the outbound webhook: it may lag or drop, never hold up the projection. */
export const WEBHOOK_QUEUE_MAX = 1_000;
export const WEBHOOK_RETRY_COUNT_MAX = 5;
export const WEBHOOK_BACKOFF_MS_MIN = 500;
export const WEBHOOK_BACKOFF_MS_MAX = 30_000;
export const WEBHOOK_TIMEOUT_MS = 5_000;

export interface WebhookOptions {
  url: string;
  load: (alertId: string) => Promise<AlertView | undefined>;
  logger: Pick<Logger, 'warn'>;
  /** Injected so specs need not wait out real back-offs. */
  sleep?: (ms: number) => Promise<void>;
  post?: (
    url: string,
    body: string,
    signal: AbortSignal,
  ) => Promise<{ ok: boolean; status: number }>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function realPost(url: string, body: string, signal: AbortSignal) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal,
  });
  return { ok: response.ok, status: response.status };
}

/**
 * Posts each new alert to ALERT_WEBHOOK_URL from a bounded in-memory queue, one at a time,
 * retrying with exponential back-off. A full queue drops the newest notice with a warning:
 * the alert itself is safe in the event store and the read model either way.
 */
export class WebhookNotifier {
  private readonly queue: string[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: WebhookOptions) {}

  notify(alertId: string): void {
    if (this.stopped) return;
    if (this.queue.length >= WEBHOOK_QUEUE_MAX) {
      this.options.logger.warn({ alertId }, 'webhook queue full: notice dropped');
      return;
    }
    this.queue.push(alertId);
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  /** Waits for the queue to empty (specs) or stops at once when `stop` was called. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
  }

  private async run(): Promise<void> {
    for (let alertId = this.queue.shift(); alertId; alertId = this.queue.shift()) {
      await this.deliver(alertId);
    }
  }

  private async deliver(alertId: string): Promise<void> {
    const sleep = this.options.sleep ?? realSleep;
    const post = this.options.post ?? realPost;
    let backoffMs = WEBHOOK_BACKOFF_MS_MIN;
    for (let attempt = 0; attempt <= WEBHOOK_RETRY_COUNT_MAX && !this.stopped; attempt += 1) {
      try {
        const alert = await this.options.load(alertId);
        if (!alert) return;
        const body = JSON.stringify({ type: 'AlertRaised', alert });
        const outcome = await post(this.options.url, body, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS));
        if (outcome.ok) return;
        this.options.logger.warn({ alertId, status: outcome.status, attempt }, 'webhook refused');
      } catch (error) {
        this.options.logger.warn({ alertId, err: error, attempt }, 'webhook failed');
      }
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, WEBHOOK_BACKOFF_MS_MAX);
    }
  }
}
