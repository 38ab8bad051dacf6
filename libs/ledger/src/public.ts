import { z } from 'zod';
import { type VillageSource, villageSources } from './public-sources';
import {
  allocationActivity,
  kindTotals,
  ledgerSummary,
  type LedgerSummary,
  type SummaryDeps,
} from './summary';
import { regionMetrics, toSafeNumber, type RegionMetrics } from './metrics';
import { assertSchemaName, type Queryable } from './schema';

/**
 * What the public may see (SPEC §1 公众层): totals, projects and payments of a village with
 * masked names, and region metrics. Built only from columns that hold no personal data:
 * read models never store an id number, and names only masked.
 */

export const PUBLIC_PAYMENTS_MAX = 2_000;
export const PUBLIC_PROJECTS_MAX = 500;

const fenNumber = z
  .union([z.string(), z.number()])
  .transform((value) => toSafeNumber(BigInt(value)));
const paymentRow = z.object({
  movement_id: z.string(),
  amount_fen: fenNumber,
  business_date: z.string(),
  masked_name: z.string().nullable(),
});
const projectRow = z.object({
  project_id: z.string(),
  name: z.string(),
  kind: z.string(),
  budget_fen: fenNumber,
  status: z.string(),
  stages: z.array(z.object({ stage: z.string(), advancedOn: z.string() })),
});
const nameRow = z.object({ name: z.string() });

export interface PublicVillage {
  villageCode: string;
  name: string | null;
  asOf: string;
  totals: RegionMetrics;
  projects: {
    projectId: string;
    name: string;
    kind: string;
    budgetFen: number;
    status: string;
    stage: string | null;
    stages: { stage: string; advancedOn: string }[];
  }[];
  payments: { paymentId: string; householdName: string; amountFen: number; paidOn: string }[];
  paymentsTruncated: boolean;
  /** The funds that allocated into the village: where its money came from. */
  sources: VillageSource[];
}

async function villageProjects(db: Queryable, s: string, villageCode: string, asOf: string) {
  const rows = z.array(projectRow).parse(
    await db.query(
      `SELECT p.project_id, p.name, p.kind, p.budget_fen::text AS budget_fen, p.status,
         COALESCE(jsonb_agg(jsonb_build_object('stage', st.stage, 'advancedOn', st.advanced_on)
           ORDER BY st.advanced_on, st.global_position)
           FILTER (WHERE st.stage IS NOT NULL), '[]'::jsonb) AS stages
       FROM ${s}.projects p LEFT JOIN ${s}.project_stages st
         ON st.project_id = p.project_id AND st.advanced_on <= $2
       WHERE p.village_code = $1 AND p.registered_on <= $2
       GROUP BY p.project_id ORDER BY p.registered_on, p.project_id LIMIT $3`,
      [villageCode, asOf, PUBLIC_PROJECTS_MAX],
    ),
  );
  return rows.map((row) => ({
    projectId: row.project_id,
    name: row.name,
    kind: row.kind,
    budgetFen: row.budget_fen,
    status: row.status,
    stage: row.stages[row.stages.length - 1]?.stage ?? null,
    stages: row.stages,
  }));
}

async function villagePayments(db: Queryable, s: string, villageCode: string, asOf: string) {
  const rows = z.array(paymentRow).parse(
    await db.query(
      `SELECT m.movement_id, m.amount_fen::text AS amount_fen, m.business_date, h.masked_name
       FROM ${s}.money_movements m LEFT JOIN ${s}.households h USING (household_id)
       WHERE m.kind = 'payment' AND m.region_code = $1 AND m.business_date <= $2
         -- A payment the bank returned by asOf did not reach the household.
         AND NOT EXISTS (SELECT 1 FROM ${s}.money_movements f WHERE f.kind = 'payment_failed'
           AND f.fund_id = m.fund_id AND f.movement_id = m.movement_id
           AND f.business_date <= $2)
       ORDER BY m.business_date, m.global_position LIMIT $3`,
      [villageCode, asOf, PUBLIC_PAYMENTS_MAX + 1],
    ),
  );
  return rows.map((row) => ({
    paymentId: row.movement_id,
    // A payment to a household the registry does not know shows no name at all.
    householdName: row.masked_name ?? '*',
    amountFen: row.amount_fen,
    paidOn: row.business_date,
  }));
}

export async function publicVillage(
  deps: SummaryDeps,
  villageCode: string,
  asOf: string,
): Promise<PublicVillage> {
  const s = assertSchemaName(deps.schema);
  const filter = { regionCode: villageCode, asOf };
  const totals = regionMetrics(
    villageCode,
    await kindTotals(deps.db, s, filter),
    await allocationActivity(deps.db, s, filter),
    asOf,
    deps.idleDays,
  );
  const [region] = z
    .array(nameRow)
    .parse(await deps.db.query(`SELECT name FROM ${s}.regions WHERE code = $1`, [villageCode]));
  const payments = await villagePayments(deps.db, s, villageCode, asOf);
  return {
    villageCode,
    name: region?.name ?? null,
    asOf,
    totals,
    projects: await villageProjects(deps.db, s, villageCode, asOf),
    payments: payments.slice(0, PUBLIC_PAYMENTS_MAX),
    paymentsTruncated: payments.length > PUBLIC_PAYMENTS_MAX,
    sources: await villageSources(deps.db, s, villageCode, asOf),
  };
}

/** The region summary without alerts: those name subjects the public may not see. */
export function publicRegionSummary(
  deps: SummaryDeps,
  regionCode: string,
  asOf: string,
): Promise<LedgerSummary> {
  return ledgerSummary(deps, { regionCode, asOf });
}
