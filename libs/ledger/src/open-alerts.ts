import { z } from 'zod';
import type { Queryable } from './schema';

/**
 * Open alerts by rule, read from the alert read model (`alerts`, owned by the alert
 * projection). The table may live in another schema or not exist yet: the summary then
 * reports no open alerts rather than failing.
 */

export const ALERTS_TABLE_RECHECK_MS = 30_000;

const schemaRow = z.object({ table_schema: z.string(), dated: z.boolean() });

export interface AlertsTable {
  schema: string;
  /** Whether alerts carry `detected_on`, so that an as-of summary leaves later ones out. */
  dated: boolean;
}
const countRow = z.object({ rule: z.string(), count: z.coerce.number().int() });

export class OpenAlertsReader {
  private located: AlertsTable | undefined;
  private checkedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Queryable,
    private readonly preferredSchema: string,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** The schema holding an `alerts` table with rule, status and region_code, if any. */
  private async locate(): Promise<AlertsTable | undefined> {
    if (this.located) return this.located;
    if (this.nowMs() - this.checkedAtMs < ALERTS_TABLE_RECHECK_MS) return undefined;
    this.checkedAtMs = this.nowMs();
    const rows = z.array(schemaRow).parse(
      await this.db.query(
        `SELECT table_schema, bool_or(column_name = 'detected_on') AS dated
         FROM information_schema.columns
         WHERE table_name = 'alerts'
           AND column_name IN ('rule', 'status', 'region_code', 'detected_on')
         GROUP BY table_schema HAVING count(*) FILTER (WHERE column_name <> 'detected_on') = 3
         ORDER BY (table_schema = $1) DESC, (table_schema = 'alerts') DESC, table_schema
         LIMIT 1`,
        [this.preferredSchema],
      ),
    );
    const row = rows[0];
    this.located = row ? { schema: row.table_schema, dated: row.dated } : undefined;
    return this.located;
  }

  /** Where the alert read model lives, for reads beyond the counts (the exports' list). */
  table(): Promise<AlertsTable | undefined> {
    return this.locate();
  }

  /** Alerts open now, among those detected by `asOf` when the table records the date. */
  async byRule(regionCode: string, asOf: string): Promise<Record<string, number>> {
    const table = await this.locate();
    if (!table) return {};
    const dated = table.dated ? `AND detected_on <= $2` : `AND $2::text IS NOT NULL`;
    const rows = z.array(countRow).parse(
      await this.db.query(
        `SELECT rule, count(*) AS count FROM "${table.schema.replace(/"/g, '""')}".alerts
         WHERE region_code LIKE $1 || '%' AND status = 'open' ${dated} GROUP BY rule`,
        [regionCode, asOf],
      ),
    );
    return Object.fromEntries(rows.map((row) => [row.rule, row.count]));
  }
}
