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
  severity: z.string().min(1),
  subject: z.object({ type: z.string().min(1), id: z.string().min(1) }),
  regionCode: z.string().min(1),
  amountFen: z.number().int().optional(),
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
      const { rule, severity, subject, regionCode, amountFen, detectedOn } = data.data;
      await db.query(
        `INSERT INTO ${s}.ledger_alerts (alert_id, rule, severity, subject_type, subject_id,
           region_code, amount_fen, detected_on, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open') ON CONFLICT (alert_id) DO NOTHING`,
        [alertId, rule, severity, subject.type, subject.id, regionCode, amountFen ?? null,
          detectedOn],
      );
    } else if (stored.type === 'AlertAcknowledged' || stored.type === 'AlertResolved') {
      const status = stored.type === 'AlertResolved' ? 'resolved' : 'acknowledged';
      // A resolved alert stays resolved whatever arrives after it.
      await db.query(
        `UPDATE ${s}.ledger_alerts SET status = $2
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
      `SELECT rule, count(*) AS count FROM ${s}.ledger_alerts
       WHERE region_code LIKE $1 || '%' AND status = 'open' AND detected_on <= $2
       GROUP BY rule`,
      [regionCode, asOf],
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.rule, row.count]));
}
