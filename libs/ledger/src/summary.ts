import { z } from 'zod';
import { regionLevelOf } from '@sunshine/domain';
import {
  childRegionCodes,
  regionMetrics,
  type AllocationActivity,
  type KindTotal,
  type RegionMetrics,
} from './metrics';
import type { MovementKind } from './rows';
import { assertSchemaName, type Queryable } from './schema';

/** Region summary as of a date (SPEC §6, §7): metrics, counts and the same for children. */

export interface SummaryFilter {
  regionCode: string;
  asOf: string;
  category?: string;
  fiscalYear?: number;
}

export interface ChildSummary extends RegionMetrics {
  regionCode: string;
  name: string | null;
  level: string;
  /** A village defined as weak (薄弱村); false when undefined or not a village. */
  weakVillage: boolean;
}

export interface RegionSummary extends ChildSummary {
  asOf: string;
  category: string | null;
  fiscalYear: number | null;
  idleDays: number;
  openAlertsByRule: Record<string, number>;
  householdsByStatus: Record<string, number>;
  projectsByStage: Record<string, number>;
  children: ChildSummary[];
}

/**
 * What of a summary the ledger read models alone decide: a function of the filter and the
 * ledger projection's position. Open alerts come from the alert read model, which moves on
 * its own (an acknowledgement), so they are not part of it.
 */
export type LedgerSummary = Omit<RegionSummary, 'openAlertsByRule'>;

const metricsShape = {
  receivedFen: z.number(),
  allocatedFen: z.number(),
  disbursedFen: z.number(),
  returnedFen: z.number(),
  retainedFen: z.number(),
  retentionRate: z.number(),
  idleFen: z.number(),
  stuckFundRate: z.number(),
};
const childSummarySchema = z.object({
  regionCode: z.string(),
  name: z.string().nullable(),
  level: z.string(),
  weakVillage: z.boolean(),
  ...metricsShape,
});
const countsSchema = z.record(z.string(), z.number().int());

/** Checks a ledger summary that comes back from outside the process (a shared cache). */
export const ledgerSummarySchema: z.ZodType<LedgerSummary> = childSummarySchema.extend({
  asOf: z.string(),
  category: z.string().nullable(),
  fiscalYear: z.number().int().nullable(),
  idleDays: z.number().int(),
  householdsByStatus: countsSchema,
  projectsByStage: countsSchema,
  children: z.array(childSummarySchema),
});

const fen = z.union([z.string(), z.number()]).transform((value) => BigInt(value));
const totalRow = z.object({ region_code: z.string(), kind: z.string(), total: fen });
const activityRow = z.object({
  region_code: z.string(),
  amount_fen: fen,
  allocated_on: z.string(),
  spent_fen: fen,
  last_paid_on: z.string().nullable(),
});
const countRow = z.object({ key: z.string(), count: z.coerce.number().int() });
const regionRow = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  weak_village: z.boolean(),
});

const MOVEMENT_KINDS = ['receipt', 'allocation', 'disbursement', 'payment', 'payment_failed',
  'return'];
const isKind = (kind: string): kind is MovementKind => MOVEMENT_KINDS.includes(kind);

/** $1 region prefix, $2 as-of date, $3 category or null, $4 fiscal year or null. */
const filterSql = (alias: string) =>
  `($3::text IS NULL OR ${alias}.category = $3)
   AND ($4::integer IS NULL OR ${alias}.fiscal_year = $4)`;

function filterParams(f: SummaryFilter): unknown[] {
  return [f.regionCode, f.asOf, f.category ?? null, f.fiscalYear ?? null];
}

export async function kindTotals(db: Queryable, s: string, f: SummaryFilter) {
  const rows = z.array(totalRow).parse(
    await db.query(
      `SELECT region_code, kind, SUM(amount_fen)::text AS total FROM ${s}.movement_daily m
       WHERE region_code LIKE $1 || '%' AND business_date <= $2 AND ${filterSql('m')}
       GROUP BY region_code, kind`,
      filterParams(f),
    ),
  );
  const totals: KindTotal[] = [];
  for (const row of rows) {
    if (isKind(row.kind)) {
      totals.push({ regionCode: row.region_code, kind: row.kind, amountFen: row.total });
    }
  }
  return totals;
}

export async function allocationActivity(
  db: Queryable,
  s: string,
  f: SummaryFilter,
): Promise<AllocationActivity[]> {
  const rows = z.array(activityRow).parse(
    await db.query(
      `SELECT a.village_code AS region_code, a.amount_fen::text AS amount_fen, a.allocated_on,
         COALESCE(SUM(d.spent_fen), 0)::text AS spent_fen,
         MAX(d.business_date) FILTER (WHERE d.paid_fen > 0) AS last_paid_on
       FROM ${s}.allocations a JOIN ${s}.funds f ON f.fund_id = a.fund_id
       LEFT JOIN ${s}.allocation_daily d ON d.fund_id = a.fund_id
         AND d.allocation_id = a.allocation_id AND d.business_date <= $2
       WHERE a.village_code LIKE $1 || '%' AND a.allocated_on <= $2 AND ${filterSql('f')}
       GROUP BY a.fund_id, a.allocation_id`,
      filterParams(f),
    ),
  );
  return rows.map((row) => ({
    regionCode: row.region_code,
    amountFen: row.amount_fen,
    allocatedOn: row.allocated_on,
    spentFen: row.spent_fen,
    lastPaidOn: row.last_paid_on,
  }));
}

async function counts(db: Queryable, sql: string, params: unknown[]) {
  const rows = z.array(countRow).parse(await db.query(sql, params));
  return Object.fromEntries(rows.map((row) => [row.key, row.count]));
}

/** Households by their status at T: the daily moves between statuses summed up to T. */
export function householdsByStatus(db: Queryable, s: string, regionCode: string, asOf: string) {
  return counts(
    db,
    `SELECT status AS key, SUM(delta) AS count FROM ${s}.household_status_daily
     WHERE village_code LIKE $1 || '%' AND changed_on <= $2
     GROUP BY status HAVING SUM(delta) <> 0`,
    [regionCode, asOf],
  );
}

export function projectsByStage(db: Queryable, s: string, regionCode: string, asOf: string) {
  return counts(
    db,
    `SELECT stage AS key, count(*) AS count FROM (
       SELECT DISTINCT ON (st.project_id) st.stage FROM ${s}.project_stages st
       JOIN ${s}.projects p USING (project_id)
       WHERE p.village_code LIKE $1 || '%' AND st.advanced_on <= $2
       ORDER BY st.project_id, st.advanced_on DESC, st.global_position DESC) latest
     GROUP BY stage`,
    [regionCode, asOf],
  );
}

async function regionNames(db: Queryable, s: string, regionCode: string) {
  const rows = z.array(regionRow).parse(
    await db.query(
      `SELECT code, name, level, weak_village FROM ${s}.regions WHERE code LIKE $1 || '%'`,
      [regionCode],
    ),
  );
  return new Map(rows.map((row) => [row.code, row]));
}

export interface SummaryDeps {
  db: Queryable;
  schema: string;
  idleDays: number;
  openAlertsByRule(regionCode: string, asOf: string): Promise<Record<string, number>>;
}

export async function ledgerSummary(
  deps: Omit<SummaryDeps, 'openAlertsByRule'>,
  f: SummaryFilter,
): Promise<LedgerSummary> {
  const s = assertSchemaName(deps.schema);
  const { db, idleDays } = deps;
  // The reads are independent: on a server they run side by side on the pool's connections.
  const [totals, activity, names, households, projects] = await Promise.all([
    kindTotals(db, s, f),
    allocationActivity(db, s, f),
    regionNames(db, s, f.regionCode),
    householdsByStatus(db, s, f.regionCode, f.asOf),
    projectsByStage(db, s, f.regionCode, f.asOf),
  ]);
  const describe = (code: string): ChildSummary => ({
    regionCode: code,
    name: names.get(code)?.name ?? null,
    level: names.get(code)?.level ?? regionLevelOf(code),
    weakVillage: names.get(code)?.weak_village ?? false,
    ...regionMetrics(code, totals, activity, f.asOf, idleDays),
  });
  const seen = [...names.keys(), ...totals.map((t) => t.regionCode)];
  return {
    ...describe(f.regionCode),
    asOf: f.asOf,
    category: f.category ?? null,
    fiscalYear: f.fiscalYear ?? null,
    idleDays,
    householdsByStatus: households,
    projectsByStage: projects,
    children: childRegionCodes(f.regionCode, seen).map(describe),
  };
}

/** The full summary: the ledger's part with the open alerts beside the other counts. */
export function withOpenAlerts(
  summary: LedgerSummary,
  openAlertsByRule: Record<string, number>,
): RegionSummary {
  const { householdsByStatus, projectsByStage, children, ...head } = summary;
  return { ...head, openAlertsByRule, householdsByStatus, projectsByStage, children };
}

export async function regionSummary(deps: SummaryDeps, f: SummaryFilter): Promise<RegionSummary> {
  const [summary, alerts] = await Promise.all([
    ledgerSummary(deps, f),
    deps.openAlertsByRule(f.regionCode, f.asOf),
  ]);
  return withOpenAlerts(summary, alerts);
}
