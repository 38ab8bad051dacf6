import type { EventStore, StoredEvent } from '@sunshine/event-store';
import { alertIdOf, type AlertCandidate } from '../candidate';
import { confirmFinding } from './confirm';
import type { Confirmation } from './evaluate';
import type { FindingOrigin } from './outbox';
import type { Queryable } from './sql';

/**
 * Appends AlertRaised to `alert-{id}` unless that stream exists; answers the stored events,
 * none when the alert was already raised.
 */
export interface AlertRaiser {
  raise(alertId: string, found: AlertCandidate, origin: FindingOrigin): Promise<StoredEvent[]>;
}

/** Outbox rows handled per round, and rounds per drain, so a drain always ends. */
export const OUTBOX_BATCH_MAX = 200;
export const OUTBOX_ROUNDS_MAX = 50;
/**
 * Rows of a round raised at once: each alert is its own stream, so their appends share the
 * event store's group commit instead of waiting for one commit each.
 */
export const OUTBOX_RAISE_CONCURRENCY = 32;

interface OutboxRow {
  alert_id: string;
  finding: { candidate: AlertCandidate; origin: FindingOrigin };
  confirm: Confirmation | null;
}

export interface DrainResult {
  raised: number;
  existing: number;
  dismissed: number;
  failed: number;
}

/**
 * Raises queued findings, a round's rows concurrently. A row leaves the outbox once its alert
 * exists or its confirmation comes back empty; a failure leaves it for the next drain, so
 * nothing is lost on a crash.
 * Each round's new alert events go to `onRaised`, which projects them at once.
 */
export async function drainOutbox(
  db: Queryable,
  store: EventStore,
  raiser: AlertRaiser,
  onRaised: (events: StoredEvent[]) => Promise<void>,
  onError: (alertId: string, error: unknown) => void,
): Promise<DrainResult> {
  const result: DrainResult = { raised: 0, existing: 0, dismissed: 0, failed: 0 };
  let after = '';
  for (let round = 0; round < OUTBOX_ROUNDS_MAX; round += 1) {
    const { rows } = await db.query<OutboxRow>(
      `SELECT * FROM alert_outbox WHERE alert_id > $1 ORDER BY alert_id LIMIT $2`,
      [after, OUTBOX_BATCH_MAX],
    );
    const raised: StoredEvent[] = [];
    const done: string[] = [];
    await forEachBounded(rows, OUTBOX_RAISE_CONCURRENCY, async (row) => {
      try {
        const outcome = await raiseRow(store, raiser, row);
        if (outcome === 'dismissed') result.dismissed += 1;
        else if (outcome.length === 0) result.existing += 1;
        else {
          result.raised += 1;
          raised.push(...outcome);
        }
        done.push(row.alert_id);
      } catch (error) {
        result.failed += 1;
        onError(row.alert_id, error);
      }
    });
    if (done.length > 0) {
      await db.query(`DELETE FROM alert_outbox WHERE alert_id = ANY($1::text[])`, [done]);
    }
    await onRaised(raised);
    const last = rows[rows.length - 1];
    if (!last || rows.length < OUTBOX_BATCH_MAX) break;
    after = last.alert_id;
  }
  return result;
}

/** Runs `work` over the items, at most `concurrency` at a time. */
async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function raiseRow(
  store: EventStore,
  raiser: AlertRaiser,
  row: OutboxRow,
): Promise<StoredEvent[] | 'dismissed'> {
  let found = row.finding.candidate;
  if (row.confirm) {
    const confirmed = await confirmFinding(store, row.confirm);
    const same = confirmed.find((c) => alertIdOf(c) === row.alert_id);
    if (!same) return 'dismissed';
    found = same;
  }
  return raiser.raise(row.alert_id, found, row.finding.origin);
}
