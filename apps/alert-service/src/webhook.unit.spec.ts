import type { AlertView } from '@sunshine/alerts';
import { WEBHOOK_QUEUE_MAX, WEBHOOK_RETRY_COUNT_MAX, WebhookNotifier } from './webhook';

const view = (alertId: string): AlertView => ({
  alertId,
  rule: 'DUPLICATE_PAYMENT',
  severity: 'high',
  status: 'open',
  subject: { type: 'payment', id: 'p2' },
  regionCode: '320826100201',
  amountFen: 100_000,
  detectedOn: '2024-03-01',
  evidence: ['e1', 'e2'],
  cause: 'repeats:p1',
  raisedAt: '2024-03-01T00:00:00.000Z',
});

function notifier(answers: boolean[]) {
  const posted: string[] = [];
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const webhook = new WebhookNotifier({
    url: 'http://hooks.invalid/alerts',
    load: async (alertId) => view(alertId),
    logger: { warn: (_obj: unknown, message?: string) => void warnings.push(message ?? '') },
    sleep: async (ms) => void sleeps.push(ms),
    post: async (_url, body) => {
      posted.push(body);
      const ok = answers.shift() ?? false;
      return { ok, status: ok ? 200 : 503 };
    },
  });
  return { webhook, posted, sleeps, warnings };
}

describe('WebhookNotifier', () => {
  it('posts the alert and retries a refusal with growing back-off', async () => {
    const { webhook, posted, sleeps } = notifier([false, false, true]);
    webhook.notify('alert-1');
    await webhook.idle();
    expect(posted).toHaveLength(3);
    expect(JSON.parse(posted[2]!)).toMatchObject({
      type: 'AlertRaised',
      alert: { alertId: 'alert-1' },
    });
    expect(sleeps).toEqual([500, 1000]);
  });

  it('gives up after the retry limit', async () => {
    const { webhook, posted } = notifier([]);
    webhook.notify('alert-1');
    await webhook.idle();
    expect(posted).toHaveLength(WEBHOOK_RETRY_COUNT_MAX + 1);
  });

  it('drops notices beyond the queue limit instead of growing without bound', async () => {
    const { webhook, posted, warnings } = notifier(Array(WEBHOOK_QUEUE_MAX + 10).fill(true));
    for (let i = 0; i < WEBHOOK_QUEUE_MAX + 10; i += 1) webhook.notify(`alert-${i}`);
    await webhook.idle();
    // The first notice starts delivery at once, so the queue holds the next WEBHOOK_QUEUE_MAX.
    expect(posted.length).toBeLessThanOrEqual(WEBHOOK_QUEUE_MAX + 1);
    expect(warnings.filter((w) => w.includes('queue full')).length).toBeGreaterThan(0);
  });
});
