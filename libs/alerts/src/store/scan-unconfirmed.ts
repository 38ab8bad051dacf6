import type { AlertCandidate } from '../candidate';
import { paymentUnconfirmed } from '../rules';
import { fen, type Queryable } from './sql';

/** Rows read per page of the unconfirmed-payment scan. */
const PAGE_SIZE = 1_000;

interface Row {
  fund_id: string;
  movement_id: string;
  batch_id: string;
  village_code: string;
  amount_fen: string;
  moved_on: string;
  settled_on: string | null;
  event_id: string;
}

/**
 * SQL narrows to batch payments older than confirmDays with no result by the scan date;
 * the rule function decides, so the scan and the rule agree.
 */
export async function scanUnconfirmedPayments(
  db: Queryable,
  asOf: string,
  confirmDays: number,
): Promise<AlertCandidate[]> {
  const found: AlertCandidate[] = [];
  let after = ['', ''];
  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT m.fund_id, m.movement_id, m.batch_id, a.village_code, m.amount_fen, m.moved_on,
         m.settled_on, m.event_id
       FROM alert_movements m JOIN alert_allocations a
         ON a.fund_id = m.fund_id AND a.allocation_id = m.allocation_id
       WHERE m.kind = 'payment' AND m.batch_id IS NOT NULL
         AND m.moved_on < to_char(to_date($1, 'YYYY-MM-DD') - $2::int, 'YYYY-MM-DD')
         AND (m.settled_on IS NULL OR m.settled_on > $1)
         AND (m.fund_id, m.movement_id) > ($3, $4)
       ORDER BY m.fund_id, m.movement_id LIMIT $5`,
      [asOf, confirmDays, after[0], after[1], PAGE_SIZE],
    );
    for (const row of rows) {
      found.push(...paymentUnconfirmed({
        fundId: row.fund_id,
        paymentId: row.movement_id,
        batchId: row.batch_id,
        villageCode: row.village_code,
        amountFen: fen(row.amount_fen),
        paidOn: row.moved_on,
        ...(row.settled_on ? { settledOn: row.settled_on } : {}),
        eventId: row.event_id,
      }, asOf, confirmDays));
      after = [row.fund_id, row.movement_id];
    }
    if (rows.length < PAGE_SIZE) return found;
  }
}
