import { z } from 'zod';
import { daysBetween } from '@sunshine/domain';
import { isIdle, remainderFen } from '../metrics';
import { assertSchemaName, type Queryable } from '../schema';
import { FIRST_KEY, keysetRows } from './paged';

/** Rows of the 专报 workbook beyond the summary: idle allocations and open alerts. */

const fen = z.union([z.string(), z.number()]).transform((value) => BigInt(value));

const activityRow = z.object({
  fund_id: z.string(),
  allocation_id: z.string(),
  fund_name: z.string(),
  category: z.string(),
  village_code: z.string(),
  village_name: z.string().nullable(),
  target_type: z.string(),
  target_id: z.string(),
  amount_fen: fen,
  allocated_on: z.string(),
  spent_fen: fen,
  last_paid_on: z.string().nullable(),
});

export interface IdleAllocation {
  fundId: string;
  fundName: string;
  category: string;
  allocationId: string;
  villageCode: string;
  villageName: string | null;
  targetType: string;
  targetId: string;
  amountFen: bigint;
  allocatedOn: string;
  remainderFen: bigint;
  lastActivityOn: string;
  idleDays: number;
}

/** Allocations idle at `asOf` (SPEC §6), the same test the summary's idleFen sums. */
export async function* idleAllocations(
  db: Queryable,
  schema: string,
  regionCode: string,
  asOf: string,
  idleDaysMin: number,
): AsyncGenerator<IdleAllocation> {
  const s = assertSchemaName(schema);
  type Key = [string, string];
  const page = async (after: Key | undefined, limit: number) =>
    z.array(activityRow).parse(
      await db.query(
        `SELECT a.fund_id, a.allocation_id, f.name AS fund_name, f.category, a.village_code,
           r.name AS village_name, a.target_type, a.target_id, a.amount_fen::text AS amount_fen,
           a.allocated_on, COALESCE(SUM(d.spent_fen), 0)::text AS spent_fen,
           MAX(d.business_date) FILTER (WHERE d.paid_fen > 0) AS last_paid_on
         FROM ${s}.allocations a JOIN ${s}.funds f ON f.fund_id = a.fund_id
         LEFT JOIN ${s}.regions r ON r.code = a.village_code
         LEFT JOIN ${s}.allocation_daily d ON d.fund_id = a.fund_id
           AND d.allocation_id = a.allocation_id AND d.business_date <= $2
         WHERE a.village_code LIKE $1 || '%' AND a.allocated_on <= $2
           AND (a.fund_id, a.allocation_id) > ($3, $4)
         GROUP BY a.fund_id, a.allocation_id, f.name, f.category, r.name
         ORDER BY a.fund_id, a.allocation_id LIMIT $5`,
        [regionCode, asOf, after?.[0] ?? FIRST_KEY, after?.[1] ?? FIRST_KEY, limit],
      ),
    );
  const rows = keysetRows(page, (row): Key => [row.fund_id, row.allocation_id]);
  for await (const row of rows) {
    const activity = {
      regionCode: row.village_code,
      amountFen: row.amount_fen,
      allocatedOn: row.allocated_on,
      spentFen: row.spent_fen,
      lastPaidOn: row.last_paid_on,
    };
    if (!isIdle(activity, asOf, idleDaysMin)) continue;
    const lastActivityOn = row.last_paid_on ?? row.allocated_on;
    yield {
      fundId: row.fund_id,
      fundName: row.fund_name,
      category: row.category,
      allocationId: row.allocation_id,
      villageCode: row.village_code,
      villageName: row.village_name,
      targetType: row.target_type,
      targetId: row.target_id,
      amountFen: row.amount_fen,
      allocatedOn: row.allocated_on,
      remainderFen: remainderFen(activity),
      lastActivityOn,
      idleDays: daysBetween(lastActivityOn, asOf),
    };
  }
}

const alertRow = z.object({
  alert_id: z.string(),
  rule: z.string(),
  severity: z.string(),
  subject_type: z.string(),
  subject_id: z.string(),
  region_code: z.string(),
  amount_fen: fen.nullable(),
  detected_on: z.string(),
});
export type OpenAlertRow = z.infer<typeof alertRow>;

/** Open alerts of the region detected by `asOf`, newest first, as the ledger projected them. */
export async function* openAlerts(
  db: Queryable,
  schema: string,
  regionCode: string,
  asOf: string,
): AsyncGenerator<OpenAlertRow> {
  type Key = [string, string];
  const page = async (after: Key | undefined, limit: number) =>
    z.array(alertRow).parse(
      await db.query(
        `SELECT alert_id, rule, severity, subject_type, subject_id, region_code,
           amount_fen::text AS amount_fen, detected_on
         FROM ${schema}.ledger_alerts
         WHERE region_code LIKE $1 || '%' AND status = 'open' AND detected_on <= $2
           AND ($3::text IS NULL OR (detected_on, alert_id) < ($3, $4))
         ORDER BY detected_on DESC, alert_id DESC LIMIT $5`,
        [regionCode, asOf, after?.[0] ?? null, after?.[1] ?? '', limit],
      ),
    );
  yield* keysetRows(page, (row): Key => [row.detected_on, row.alert_id]);
}
