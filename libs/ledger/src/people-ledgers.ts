import { z } from 'zod';
import { ASSET_KINDS, type AssetKind, notFound } from '@sunshine/domain';
import { toSafeNumber } from './metrics';
import { compact, likePatterns } from './people-queries';
import { assertSchemaName, type Queryable } from './schema';

/** A helper's ledger and the project assets of a region (SPEC §13). */

export const ASSET_PAGE_DEFAULT = 200;
export const ASSET_PAGE_MAX = 500;
/** A helper's ledger lists at most this many households and this many latest visits. */
export const HELPER_HOUSEHOLDS_MAX = 1000;
export const HELPER_VISITS_MAX = 500;

const fen = z.union([z.string(), z.number()]).transform((v) => toSafeNumber(BigInt(v)));
const optionalText = z.string().nullable().transform((v) => v ?? undefined);

const helperRow = z.object({
  helper_id: z.string(),
  name: z.string(),
  unit: z.string(),
  village_codes: z.array(z.string()),
});
const helperHouseholdRow = z.object({
  household_id: z.string(),
  village_code: z.string(),
  head_name: z.string(),
  status: z.string(),
  helper_since: z.string(),
  last_visit_on: optionalText,
});
const visitRow = z.object({
  event_id: z.string(),
  household_id: z.string(),
  visited_on: z.string(),
  note: optionalText,
  evidence: z.array(z.object({ docId: z.string(), sha256: z.string() })),
});

export interface HelperLedger {
  helperId: string;
  name: string;
  unit: string;
  villageCodes: string[];
  /** The households the helper holds now, each with its last visit by the helper. */
  households: {
    householdId: string;
    villageCode: string;
    headName: string;
    status: string;
    since: string;
    lastVisitOn?: string;
  }[];
  /** The helper's visits, latest first. */
  visits: {
    eventId: string;
    householdId: string;
    visitedOn: string;
    note?: string;
    evidence: { docId: string; sha256: string }[];
  }[];
}

export async function helperLedger(
  db: Queryable,
  schema: string,
  helperId: string,
): Promise<HelperLedger> {
  const s = assertSchemaName(schema);
  const [helper] = z.array(helperRow).parse(
    await db.query(`SELECT helper_id, name, unit, village_codes FROM ${s}.helpers
      WHERE helper_id = $1`, [helperId]),
  );
  if (!helper) throw notFound('helper', helperId);
  const households = z.array(helperHouseholdRow).parse(
    await db.query(
      `SELECT r.household_id, r.village_code, r.head_name, r.status, r.helper_since,
         (SELECT max(visited_on) FROM ${s}.household_visits v
          WHERE v.household_id = r.household_id AND v.helper_id = $1) AS last_visit_on
       FROM ${s}.household_register r WHERE r.helper_id = $1
       ORDER BY r.household_id LIMIT $2`,
      [helperId, HELPER_HOUSEHOLDS_MAX],
    ),
  );
  const visits = z.array(visitRow).parse(
    await db.query(
      `SELECT event_id, household_id, visited_on, note, evidence FROM ${s}.household_visits
       WHERE helper_id = $1 ORDER BY visited_on DESC, global_position DESC LIMIT $2`,
      [helperId, HELPER_VISITS_MAX],
    ),
  );
  return {
    helperId: helper.helper_id,
    name: helper.name,
    unit: helper.unit,
    villageCodes: helper.village_codes,
    households: households.map((h) => compact({
      householdId: h.household_id, villageCode: h.village_code, headName: h.head_name,
      status: h.status, since: h.helper_since, lastVisitOn: h.last_visit_on,
    })),
    visits: visits.map((v) => compact({
      eventId: v.event_id, householdId: v.household_id, visitedOn: v.visited_on, note: v.note,
      evidence: v.evidence,
    })),
  };
}

const assetRow = z.object({
  project_id: z.string(),
  asset_id: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  value_fen: fen,
  owner_village_code: z.string(),
  acquired_on: z.string(),
});
const totalRow = z.object({ kind: z.enum(ASSET_KINDS), count: z.coerce.number().int(),
  value_fen: fen });

export interface AssetQuery {
  regionPrefixes: readonly string[];
  /** `projectId/assetId` of the last item of the page before. */
  after?: { projectId: string; assetId: string };
  limit?: number;
}

export type AssetTotals = Record<AssetKind, { count: number; valueFen: number }>;

/**
 * The assets owned by villages of the region, a page at a time, with the totals of the whole
 * region by kind (operating 经营性, public welfare 公益性, household 到户).
 */
export async function listAssets(db: Queryable, schema: string, query: AssetQuery) {
  const s = assertSchemaName(schema);
  const limit = Math.min(query.limit ?? ASSET_PAGE_DEFAULT, ASSET_PAGE_MAX);
  const patterns = likePatterns(query.regionPrefixes);
  const rows = z.array(assetRow).parse(
    await db.query(
      `SELECT project_id, asset_id, name, kind, value_fen::text AS value_fen, owner_village_code,
         acquired_on FROM ${s}.project_assets
       WHERE owner_village_code LIKE ANY($1::text[]) AND (project_id, asset_id) > ($2, $3)
       ORDER BY project_id, asset_id LIMIT $4`,
      [patterns, query.after?.projectId ?? '', query.after?.assetId ?? '', limit + 1],
    ),
  );
  const sums = z.array(totalRow).parse(
    await db.query(
      `SELECT kind, count(*) AS count, COALESCE(sum(value_fen), 0)::text AS value_fen
       FROM ${s}.project_assets WHERE owner_village_code LIKE ANY($1::text[]) GROUP BY kind`,
      [patterns],
    ),
  );
  const totals = Object.fromEntries(
    ASSET_KINDS.map((kind) => {
      const sum = sums.find((row) => row.kind === kind);
      return [kind, { count: sum?.count ?? 0, valueFen: sum?.value_fen ?? 0 }];
    }),
  ) as AssetTotals;
  const totalValueFen = ASSET_KINDS.reduce((total, kind) => total + totals[kind].valueFen, 0);
  const page = rows.slice(0, limit);
  const items = page.map((r) => ({
    assetId: r.asset_id, projectId: r.project_id, name: r.name, kind: r.kind,
    valueFen: r.value_fen, ownerVillageCode: r.owner_village_code, acquiredOn: r.acquired_on,
  }));
  const last = page.at(-1);
  const next = rows.length > limit && last ? `${last.project_id}/${last.asset_id}` : undefined;
  return compact({ items, totals, totalValueFen, nextCursor: next });
}
