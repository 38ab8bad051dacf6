import { z } from 'zod';
import { assertSchemaName, type Queryable } from './schema';
import { toSafeNumber } from './metrics';

/**
 * The fund and project lists of the dashboard: one page at a time in id order, filtered in
 * SQL, with a keyset cursor (the last id of the page) so that a page costs the same however
 * deep it lies.
 */

export const LIST_PAGE_DEFAULT = 50;
export const LIST_PAGE_MAX = 200;
/** Region prefixes one list call may be restricted to (a caller's regions). */
export const LIST_PREFIXES_MAX = 100;

export interface ListPage {
  limit: number;
  /** The last id of the page before. */
  after?: string;
}

export interface FundListFilter {
  /** Funds of a county inside, or allocated into a town or village inside, any prefix. */
  regionPrefixes?: string[];
  category?: string;
  department?: string;
  fiscalYear?: number;
}

export interface ProjectListFilter {
  regionPrefixes?: string[];
  stage?: string;
}

const fen = z.union([z.string(), z.number()]).transform((value) => toSafeNumber(BigInt(value)));

const fundItemRow = z.object({
  fund_id: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  level: z.string(),
  fiscal_year: z.coerce.number().int(),
  county_code: z.string(),
  amount_fen: fen,
  received_on: z.string(),
  allocated_fen: fen,
});

const projectItemRow = z.object({
  project_id: z.string(),
  name: z.string(),
  village_code: z.string(),
  kind: z.string(),
  budget_fen: fen,
  registered_on: z.string(),
  stage: z.string(),
  stage_since: z.string(),
  status: z.string(),
});

function assertPage(page: ListPage): void {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > LIST_PAGE_MAX) {
    throw new Error(`a list page holds 1 to ${LIST_PAGE_MAX} items, not ${page.limit}`);
  }
}

function assertPrefixes(prefixes: string[] | undefined): void {
  if (prefixes && prefixes.length > LIST_PREFIXES_MAX) {
    throw new Error(`at most ${LIST_PREFIXES_MAX} region prefixes, not ${prefixes.length}`);
  }
}

/** SQL conditions with numbered parameters, built one at a time. */
class Conditions {
  readonly params: unknown[] = [];
  readonly parts: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

function nextCursorOf<T>(rows: T[], limit: number, idOf: (row: T) => string) {
  const last = rows[limit - 1];
  return rows.length > limit && last ? idOf(last) : undefined;
}

export async function fundList(
  db: Queryable,
  schema: string,
  filter: FundListFilter,
  page: ListPage,
) {
  const s = assertSchemaName(schema);
  assertPage(page);
  assertPrefixes(filter.regionPrefixes);
  const c = new Conditions();
  if (filter.regionPrefixes) {
    const prefixes = c.param(filter.regionPrefixes);
    c.parts.push(`(EXISTS (SELECT 1 FROM unnest(${prefixes}::text[]) p
        WHERE f.county_code LIKE p || '%' OR (p LIKE f.county_code || '%' AND EXISTS (
          SELECT 1 FROM ${s}.allocations a WHERE a.fund_id = f.fund_id
            AND a.village_code LIKE p || '%'))))`);
  }
  if (filter.category) c.parts.push(`f.category = ${c.param(filter.category)}`);
  if (filter.department) c.parts.push(`f.department = ${c.param(filter.department)}`);
  if (filter.fiscalYear !== undefined) c.parts.push(`f.fiscal_year = ${c.param(filter.fiscalYear)}`);
  if (page.after !== undefined) c.parts.push(`f.fund_id > ${c.param(page.after)}`);
  const rows = z.array(fundItemRow).parse(
    await db.query(
      `SELECT f.fund_id, f.name, f.category, f.department, f.level, f.fiscal_year,
         f.county_code, f.amount_fen::text AS amount_fen, f.received_on,
         COALESCE((SELECT SUM(a.amount_fen) FROM ${s}.allocations a
           WHERE a.fund_id = f.fund_id), 0)::text AS allocated_fen
       FROM ${s}.funds f ${c.where()} ORDER BY f.fund_id LIMIT ${c.param(page.limit + 1)}`,
      c.params,
    ),
  );
  const items = rows.slice(0, page.limit).map((row) => ({
    fundId: row.fund_id,
    name: row.name,
    category: row.category,
    department: row.department,
    level: row.level,
    fiscalYear: row.fiscal_year,
    countyCode: row.county_code,
    amountFen: row.amount_fen,
    allocatedFen: row.allocated_fen,
    unallocatedFen: row.amount_fen - row.allocated_fen,
    receivedOn: row.received_on,
  }));
  const nextCursor = nextCursorOf(rows, page.limit, (row) => row.fund_id);
  return nextCursor ? { items, nextCursor } : { items };
}

export async function projectList(
  db: Queryable,
  schema: string,
  filter: ProjectListFilter,
  page: ListPage,
) {
  const s = assertSchemaName(schema);
  assertPage(page);
  assertPrefixes(filter.regionPrefixes);
  const c = new Conditions();
  if (filter.regionPrefixes) {
    const prefixes = c.param(filter.regionPrefixes);
    c.parts.push(`EXISTS (SELECT 1 FROM unnest(${prefixes}::text[]) p
      WHERE v.village_code LIKE p || '%')`);
  }
  if (filter.stage) c.parts.push(`v.stage = ${c.param(filter.stage)}`);
  if (page.after !== undefined) c.parts.push(`v.project_id > ${c.param(page.after)}`);
  const rows = z.array(projectItemRow).parse(
    await db.query(
      `SELECT v.project_id, v.name, v.village_code, v.kind, v.budget_fen::text AS budget_fen,
         v.registered_on, v.stage, v.stage_since, v.status
       FROM ${s}.projects v ${c.where()} ORDER BY v.project_id LIMIT ${c.param(page.limit + 1)}`,
      c.params,
    ),
  );
  const items = rows.slice(0, page.limit).map((row) => ({
    projectId: row.project_id,
    name: row.name,
    villageCode: row.village_code,
    kind: row.kind,
    budgetFen: row.budget_fen,
    registeredOn: row.registered_on,
    stage: row.stage,
    stageSince: row.stage_since,
    status: row.status,
  }));
  const nextCursor = nextCursorOf(rows, page.limit, (row) => row.project_id);
  return nextCursor ? { items, nextCursor } : { items };
}
