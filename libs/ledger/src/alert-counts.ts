import { z } from 'zod';
import type { StoredEvent } from '@sunshine/event-store';
import type { Queryable } from './schema';

/**
 * The ledger's own view of alerts, projected from the alert events on the alerts topic like
 * any other event, so that a region summary counts open alerts by rule without reading the
 * alert service's tables: one row per alert with its rule, region, status and detection date.
 * Alert events are few next to payments, so they are applied one statement each.
 */

export const ALERT_STREAM_PREFIX = 'alert-';

const raisedData = z.object({
  rule: z.string().min(1),
  regionCode: z.string().min(1),
  detectedOn: z.string().min(1),
});

export function isAlertEvent(stored: StoredEvent): boolean {
  return stored.streamId.startsWith(ALERT_STREAM_PREFIX);
}

export async function projectAlertEvents(db: Queryable, s: string, events: StoredEvent[]) {
  for (const stored of events) {
    const alertId = stored.streamId.slice(ALERT_STREAM_PREFIX.length);
    if (stored.type === 'AlertRaised') {
      const data = raisedData.safeParse(stored.data);
      // The alert stream's own decider wrote it; a row it cannot read is left out, not fatal.
      if (!data.success) continue;
      await db.query(
        `INSERT INTO ${s}.alert_counts (alert_id, rule, region_code, detected_on, status)
         VALUES ($1, $2, $3, $4, 'open') ON CONFLICT (alert_id) DO NOTHING`,
        [alertId, data.data.rule, data.data.regionCode, data.data.detectedOn],
      );
    } else if (stored.type === 'AlertAcknowledged' || stored.type === 'AlertResolved') {
      const status = stored.type === 'AlertResolved' ? 'resolved' : 'acknowledged';
      // A resolved alert stays resolved whatever arrives after it.
      await db.query(
        `UPDATE ${s}.alert_counts SET status = $2
         WHERE alert_id = $1 AND status <> 'resolved'`,
        [alertId, status],
      );
    }
  }
}

const countRow = z.object({ rule: z.string(), count: z.coerce.number().int() });

/** Alerts open now among those detected by `asOf`, by rule, inside a region. */
export async function openAlertsByRule(
  db: Queryable,
  s: string,
  regionCode: string,
  asOf: string,
): Promise<Record<string, number>> {
  const rows = z.array(countRow).parse(
    await db.query(
      `SELECT rule, count(*) AS count FROM ${s}.alert_counts
       WHERE region_code LIKE $1 || '%' AND status = 'open' AND detected_on <= $2
       GROUP BY rule`,
      [regionCode, asOf],
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.rule, row.count]));
}
