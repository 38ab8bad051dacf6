import { z } from 'zod';
import type { Queryable } from './schema';

/**
 * Open alerts by rule, read from the alert read model (`alerts`, owned by the alert
 * projection). The table may live in another schema or not exist yet: the summary then
 * reports no open alerts rather than failing.
 */

export const ALERTS_TABLE_RECHECK_MS = 30_000;

const schemaRow = z.object({ table_schema: z.string() });
const countRow = z.object({ rule: z.string(), count: z.coerce.number().int() });

export class OpenAlertsReader {
  private located: string | undefined;
  private checkedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Queryable,
    private readonly preferredSchema: string,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** The schema holding an `alerts` table with rule, status and region_code, if any. */
  private async locate(): Promise<string | undefined> {
    if (this.located) return this.located;
    if (this.nowMs() - this.checkedAtMs < ALERTS_TABLE_RECHECK_MS) return undefined;
    this.checkedAtMs = this.nowMs();
    const rows = z.array(schemaRow).parse(
      await this.db.query(
        `SELECT table_schema FROM information_schema.columns
         WHERE table_name = 'alerts' AND column_name IN ('rule', 'status', 'region_code')
         GROUP BY table_schema HAVING count(*) = 3
         ORDER BY (table_schema = $1) DESC, (table_schema = 'alerts') DESC, table_schema
         LIMIT 1`,
        [this.preferredSchema],
      ),
    );
    this.located = rows[0]?.table_schema;
    return this.located;
  }

  async byRule(regionCode: string): Promise<Record<string, number>> {
    const schema = await this.locate();
    if (!schema) return {};
    const rows = z.array(countRow).parse(
      await this.db.query(
        `SELECT rule, count(*) AS count FROM "${schema.replace(/"/g, '""')}".alerts
         WHERE region_code LIKE $1 || '%' AND status = 'open' GROUP BY rule`,
        [regionCode],
      ),
    );
    return Object.fromEntries(rows.map((row) => [row.rule, row.count]));
  }
}
