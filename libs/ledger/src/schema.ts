/**
 * The read-model tables. Everything lives in one PostgreSQL schema whose name is chosen by
 * the caller, so a rebuild can project into a fresh schema and swap it in atomically. Every
 * statement names the schema explicitly: the embedded store shares one backend between all
 * connections, so a `SET search_path` would leak into other sessions.
 *
 * Three tables are daily sums kept beside the rows they sum (`movement_daily`,
 * `allocation_daily`, `household_status_daily`), so an as-of query over a county adds up
 * days rather than millions of payments.
 *
 * Business dates are stored as `YYYY-MM-DD` text: they compare correctly as strings and
 * never pass through a time zone on the way in or out.
 */

import { PEOPLE_TABLES, peopleIndexDdl, peopleTableDdl } from './people-schema';

/** What the ledger needs from TypeORM's DataSource, EntityManager or a QueryRunner. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature.
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

export const LEDGER_SCHEMA_DEFAULT = 'ledger';

const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are interpolated into SQL, so only plain lower-case identifiers pass. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME_PATTERN.test(schema)) {
    throw new Error(`not a plain schema name: ${JSON.stringify(schema)}`);
  }
  return schema;
}

/** Tables in dependency-free order; `compareReadModels` walks the same list. */
export const READ_MODEL_TABLES = [
  'regions',
  'funds',
  'allocations',
  'money_movements',
  'movement_daily',
  'allocation_daily',
  'households',
  'household_status_changes',
  'household_status_daily',
  'projects',
  'project_stages',
  'project_income',
  'project_income_shares',
  'timeline',
  'ledger_alerts',
  ...PEOPLE_TABLES,
  'projection_streams',
  'projection_checkpoint',
] as const;
export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

function tableDdl(s: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.regions (
      code text PRIMARY KEY, name text NOT NULL, level text NOT NULL,
      weak_village boolean NOT NULL DEFAULT false)`,
    `CREATE TABLE IF NOT EXISTS ${s}.funds (
      fund_id text PRIMARY KEY, name text NOT NULL, category text NOT NULL,
      department text NOT NULL, level text NOT NULL, fiscal_year integer NOT NULL,
      county_code text NOT NULL, amount_fen bigint NOT NULL, received_on text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.allocations (
      fund_id text NOT NULL, allocation_id text NOT NULL, village_code text NOT NULL,
      target_type text NOT NULL, target_id text NOT NULL, amount_fen bigint NOT NULL,
      allocated_on text NOT NULL, per_household_cap_fen bigint,
      PRIMARY KEY (fund_id, allocation_id))`,
    `CREATE TABLE IF NOT EXISTS ${s}.money_movements (
      event_id text PRIMARY KEY, kind text NOT NULL, business_date text NOT NULL,
      amount_fen bigint NOT NULL, fund_id text NOT NULL, category text NOT NULL,
      fiscal_year integer NOT NULL, county_code text NOT NULL, region_code text NOT NULL,
      allocation_id text, household_id text, payee_type text, payee_id text,
      movement_id text NOT NULL, global_position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.movement_daily (
      region_code text NOT NULL, kind text NOT NULL, business_date text NOT NULL,
      category text NOT NULL, fiscal_year integer NOT NULL, amount_fen bigint NOT NULL,
      PRIMARY KEY (region_code, kind, business_date, category, fiscal_year))`,
    `CREATE TABLE IF NOT EXISTS ${s}.allocation_daily (
      fund_id text NOT NULL, allocation_id text NOT NULL, business_date text NOT NULL,
      spent_fen bigint NOT NULL, paid_fen bigint NOT NULL,
      PRIMARY KEY (fund_id, allocation_id, business_date))`,
    `CREATE TABLE IF NOT EXISTS ${s}.households (
      household_id text PRIMARY KEY, village_code text NOT NULL, masked_name text NOT NULL,
      members integer NOT NULL, registered_on text NOT NULL, status text NOT NULL,
      status_on text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.household_status_changes (
      event_id text PRIMARY KEY, household_id text NOT NULL, status text NOT NULL,
      changed_on text NOT NULL, global_position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.household_status_daily (
      village_code text NOT NULL, status text NOT NULL, changed_on text NOT NULL,
      delta integer NOT NULL, PRIMARY KEY (village_code, status, changed_on))`,
    `CREATE TABLE IF NOT EXISTS ${s}.projects (
      project_id text PRIMARY KEY, name text NOT NULL, village_code text NOT NULL,
      kind text NOT NULL, budget_fen bigint NOT NULL, registered_on text NOT NULL,
      stage text NOT NULL, stage_since text NOT NULL, status text NOT NULL,
      income_fen bigint NOT NULL DEFAULT 0, distributed_fen bigint NOT NULL DEFAULT 0)`,
    `CREATE TABLE IF NOT EXISTS ${s}.project_stages (
      event_id text PRIMARY KEY, project_id text NOT NULL, stage text NOT NULL,
      advanced_on text NOT NULL, global_position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.project_income (
      event_id text PRIMARY KEY, project_id text NOT NULL, kind text NOT NULL,
      amount_fen bigint NOT NULL, on_date text NOT NULL, global_position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.project_income_shares (
      event_id text NOT NULL, share_index integer NOT NULL, project_id text NOT NULL,
      household_id text NOT NULL, amount_fen bigint NOT NULL, distributed_on text NOT NULL,
      global_position bigint NOT NULL, PRIMARY KEY (event_id, share_index))`,
    `CREATE TABLE IF NOT EXISTS ${s}.timeline (
      event_id text NOT NULL, village_code text NOT NULL, type text NOT NULL,
      business_date text NOT NULL, global_position bigint NOT NULL, stream_id text NOT NULL,
      stream_version integer NOT NULL, fund_id text, allocation_id text, household_id text,
      project_id text, amount_fen bigint, balance_effect_fen bigint NOT NULL,
      detail jsonb NOT NULL, PRIMARY KEY (event_id, village_code))`,
    `CREATE TABLE IF NOT EXISTS ${s}.ledger_alerts (
      alert_id text PRIMARY KEY, rule text NOT NULL, severity text NOT NULL,
      subject_type text NOT NULL, subject_id text NOT NULL, region_code text NOT NULL,
      amount_fen bigint, detected_on text NOT NULL, status text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.projection_streams (
      stream_id text PRIMARY KEY, version integer NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoint (
      name text PRIMARY KEY, position bigint NOT NULL)`,
    // Positions a Kafka consumer applied before an earlier one (event-processor.ts); not a
    // projection of events, so it stays out of READ_MODEL_TABLES.
    `CREATE TABLE IF NOT EXISTS ${s}.projection_pending (
      name text NOT NULL, position bigint NOT NULL, previous bigint NOT NULL,
      PRIMARY KEY (name, position))`,
    // Not a projection of events: the last head whose hash chain a read verified, per
    // stream (verified-streams.ts), so it stays out of READ_MODEL_TABLES.
    `CREATE TABLE IF NOT EXISTS ${s}.verified_streams (
      stream_id text PRIMARY KEY, version integer NOT NULL, hash text NOT NULL,
      verified_at timestamptz NOT NULL)`,
    // Kept during a rebuild too: registering a household looks up its earlier payments.
    `CREATE INDEX IF NOT EXISTS timeline_household ON ${s}.timeline (household_id)`,
    ...peopleTableDdl(s),
  ];
}

/** Secondary indexes; a rebuild creates them after the bulk load, which is faster. */
function indexDdl(s: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS movement_daily_region
      ON ${s}.movement_daily (region_code text_pattern_ops, business_date)`,
    `CREATE INDEX IF NOT EXISTS allocations_village
      ON ${s}.allocations (village_code text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS household_status_daily_village
      ON ${s}.household_status_daily (village_code text_pattern_ops, changed_on)`,
    `CREATE INDEX IF NOT EXISTS money_movements_region
      ON ${s}.money_movements (region_code text_pattern_ops, business_date)`,
    `CREATE INDEX IF NOT EXISTS money_movements_allocation
      ON ${s}.money_movements (fund_id, allocation_id)`,
    `CREATE INDEX IF NOT EXISTS money_movements_payee
      ON ${s}.money_movements (payee_type, payee_id)`,
    `CREATE INDEX IF NOT EXISTS money_movements_failed
      ON ${s}.money_movements (fund_id, movement_id) WHERE kind = 'payment_failed'`,
    `CREATE INDEX IF NOT EXISTS households_village
      ON ${s}.households (village_code text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS household_status_changes_household
      ON ${s}.household_status_changes (household_id, changed_on)`,
    `CREATE INDEX IF NOT EXISTS projects_village
      ON ${s}.projects (village_code text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS project_stages_project
      ON ${s}.project_stages (project_id, advanced_on)`,
    `CREATE INDEX IF NOT EXISTS project_income_project ON ${s}.project_income (project_id)`,
    `CREATE INDEX IF NOT EXISTS project_income_shares_household
      ON ${s}.project_income_shares (household_id)`,
    `CREATE INDEX IF NOT EXISTS timeline_village
      ON ${s}.timeline (village_code, business_date, global_position)`,
    `CREATE INDEX IF NOT EXISTS timeline_project ON ${s}.timeline (project_id)`,
    ...peopleIndexDdl(s),
  ];
}

/**
 * Creates the schema and its tables when missing; safe to run at every start. A rebuild
 * passes `indexes: false` and calls `ensureReadModelIndexes` once the data is in.
 */
export async function ensureReadModelSchema(
  db: Queryable,
  schema: string,
  options: { indexes?: boolean } = {},
): Promise<void> {
  const s = assertSchemaName(schema);
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  for (const ddl of tableDdl(s)) await db.query(ddl);
  if (options.indexes !== false) {
    await ensureReadModelIndexes(db, s);
    await analyzeStaleTables(db, s);
  }
}

/** Rows a table may change before it is analysed again: a base plus a share of its size. */
export const ANALYZE_ROWS_BASE = 1_000;
export const ANALYZE_SCALE = 0.2;

/**
 * Analyses the schema's tables that changed enough since their last ANALYZE, as autovacuum
 * would have; it may be off on the server, and a never-analysed table is planned from
 * guesses. Run at start-up, after the migrations above. Returns the tables analysed.
 */
export async function analyzeStaleTables(db: Queryable, schema: string): Promise<string[]> {
  const s = assertSchemaName(schema);
  const known = new Set<string>([...READ_MODEL_TABLES, 'verified_streams']);
  const rows: { relname: string }[] = await db.query(
    `SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.schemaname = $1 AND s.n_mod_since_analyze > $2 + $3 * greatest(c.reltuples, 0)`,
    [s, ANALYZE_ROWS_BASE, ANALYZE_SCALE],
  );
  const stale = rows.map((row) => row.relname).filter((name) => known.has(name));
  for (const table of stale) await db.query(`ANALYZE ${s}.${table}`);
  return stale;
}

export async function ensureReadModelIndexes(db: Queryable, schema: string): Promise<void> {
  const s = assertSchemaName(schema);
  for (const ddl of indexDdl(s)) await db.query(ddl);
}
