import { alertIdOf } from '@sunshine/alerts';
import { VILLAGE_CPS, type Answer, type HttpClient } from './client';
import { openLoop } from './load';
import { COMMAND_TIMEOUT_MS, latencyFigures, READ_TIMEOUT_MS, type Sequence } from './measures';
import { paymentBody, seedFund, type SeededFund } from './seed';

/**
 * Command → alert visible (SPEC §9) against the running host: payments go out open-loop at
 * a fixed rate, every `alertEvery`-th to a household no registry knows, which the rules flag
 * (PAYMENT_TO_INELIGIBLE_HOUSEHOLD). One watcher reads the village's alert list every
 * WATCH_INTERVAL_MS and times each expected alert from its command's answer to the first
 * list that shows it, so the watching adds one request per interval, not one per alert.
 */

export const WATCH_INTERVAL_MS = 50;
/** An alert not seen this long after its command counts as missed. */
export const ALERT_WAIT_MS_MAX = 30_000;
const ALERT_PAGE_SIZE = 500;
const ALERT_PAGES_MAX = 20;
/** A page of alerts as JSON is well under this. */
const ALERT_PAGE_CHARS_MAX = 4 * 1024 * 1024;
const IN_FLIGHT_MAX = 512;
const RULE = 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD';

export interface AlertLatencyOptions {
  ratePerSecond: number;
  seconds: number;
  alertEvery: number;
  funds: number;
}

export interface AlertLatency {
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  measured: number;
  missed: number;
  commandsOk: number;
  commandErrors: number;
  skipped: number;
  achievedCommandsPerSecond: number;
}

/** The ids of every alert of the rule in the village, following the list's pages. */
async function listedAlertIds(http: HttpClient): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < ALERT_PAGES_MAX; page += 1) {
    const query = `region=${VILLAGE_CPS}&rule=${RULE}&limit=${ALERT_PAGE_SIZE}` +
      (cursor ? `&cursor=${cursor}` : '');
    const answer = await http.send('GET', `/api/alerts?${query}`, {
      token: http.token('auditor'), timeoutMs: READ_TIMEOUT_MS, keepChars: ALERT_PAGE_CHARS_MAX });
    if (answer.status !== 200) throw new Error(`alert list: ${answer.status} ${answer.text}`);
    const body = JSON.parse(answer.text) as { items: { alertId: string }[]; nextCursor?: string };
    for (const item of body.items) ids.add(item.alertId);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

class AlertWatch {
  private readonly expected = new Map<string, number>();
  readonly latenciesMs: number[] = [];
  missed = 0;

  expect(alertId: string, answeredAt: number): void {
    this.expected.set(alertId, answeredAt);
  }

  async watch(until: () => boolean, http: HttpClient): Promise<void> {
    while (!until() || this.expected.size > 0) {
      const seenAt = performance.now();
      const listed = await listedAlertIds(http);
      for (const [alertId, answeredAt] of this.expected) {
        if (listed.has(alertId)) {
          this.latenciesMs.push(seenAt - answeredAt);
          this.expected.delete(alertId);
        } else if (seenAt - answeredAt > ALERT_WAIT_MS_MAX) {
          this.missed += 1;
          this.expected.delete(alertId);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
    }
  }
}

function ghostPayment(fund: SeededFund, seq: number, flagged: boolean) {
  const body = paymentBody(fund.villageCode, `bench-alert-p-${seq}`, seq);
  return flagged ? { ...body, householdId: `bench-ghost-${seq}` } : body;
}

export async function commandToAlert(http: HttpClient, sequence: Sequence,
  options: AlertLatencyOptions): Promise<AlertLatency> {
  const funds: SeededFund[] = [];
  for (let f = 0; f < options.funds; f += 1) {
    funds.push(await seedFund(http, `bench-alert-${f}`, VILLAGE_CPS));
  }
  const watch = new AlertWatch();
  let driving = true;
  const watching = watch.watch(() => !driving, http);
  const first = sequence.last + 1;
  sequence.last += options.ratePerSecond * options.seconds;
  const load = await openLoop({ ratePerSecond: options.ratePerSecond, seconds: options.seconds,
    inFlightMax: IN_FLIGHT_MAX, expectedStatus: 201, call: async (n): Promise<Answer> => {
      const seq = first + n;
      const fund = funds[seq % funds.length] as SeededFund;
      const flagged = seq % options.alertEvery === 0;
      const body = ghostPayment(fund, seq, flagged);
      const answer = await http.send('POST', `/api/funds/${fund.fundId}/household-payments`, {
        token: http.token('finance'), body, timeoutMs: COMMAND_TIMEOUT_MS });
      if (flagged && answer.status === 201) {
        const subject = { type: 'payment' as const, id: body.paymentId };
        const alertId = alertIdOf({ rule: RULE, subject, cause: `household:${body.householdId}` });
        watch.expect(alertId, performance.now());
      }
      return answer;
    } }).finally(() => {
    driving = false;
  });
  await watching;
  const figures = latencyFigures(watch.latenciesMs);
  const sorted = [...watch.latenciesMs].sort((a, b) => a - b);
  return { p50Ms: figures.p50Ms, p99Ms: figures.p99Ms,
    maxMs: sorted.length ? Math.round(sorted[sorted.length - 1] ?? 0) : null,
    measured: watch.latenciesMs.length, missed: watch.missed, commandsOk: load.ok,
    commandErrors: load.errors.count, skipped: load.skipped,
    achievedCommandsPerSecond: Math.round((load.ok * 1000) / Math.max(1, load.elapsedMs)) };
}
