/**
 * Read models of SPEC §13: helpers and visits, the staff household register (searchable by
 * the head's name, never by id number), income records for the watch list, returns to
 * poverty, and project assets. `household_register` holds the head's full name: it is read
 * only by staff routes, never by the public ones, which keep reading `households`.
 */

export const PEOPLE_TABLES = [
  'helpers',
  'household_register',
  'household_incomes',
  'household_returns',
  'household_visits',
  'project_assets',
] as const;

export function peopleTableDdl(s: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.helpers (
      helper_id text PRIMARY KEY, name text NOT NULL, unit text NOT NULL,
      village_codes jsonb NOT NULL, global_position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.household_register (
      household_id text PRIMARY KEY, village_code text NOT NULL, head_name text NOT NULL,
      members integer NOT NULL, registered_on text NOT NULL, status text NOT NULL,
      status_on text NOT NULL, deregistered_on text, helper_id text, helper_since text,
      last_visit_on text)`,
    `CREATE TABLE IF NOT EXISTS ${s}.household_incomes (
      household_id text NOT NULL, period text NOT NULL, recorded_on text NOT NULL,
      total_fen bigint NOT NULL, global_position bigint NOT NULL,
      PRIMARY KEY (household_id, period))`,
    `CREATE TABLE IF NOT EXISTS ${s}.household_returns (
      event_id text PRIMARY KEY, household_id text NOT NULL, returned_on text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.household_visits (
      event_id text PRIMARY KEY, household_id text NOT NULL, helper_id text NOT NULL,
      visited_on text NOT NULL, note text, evidence jsonb NOT NULL,
      global_position bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.project_assets (
      project_id text NOT NULL, asset_id text NOT NULL, name text NOT NULL, kind text NOT NULL,
      value_fen bigint NOT NULL, owner_village_code text NOT NULL, acquired_on text NOT NULL,
      global_position bigint NOT NULL, PRIMARY KEY (project_id, asset_id))`,
  ];
}

/**
 * The household list pages by village and household id inside a region (a range of codes),
 * a status or a name prefix; each has an index so that a page of a 150,000-household county
 * reads about a page's worth of rows.
 * Name search is by prefix on a btree (text_pattern_ops), which every PostgreSQL has;
 * pg_trgm would allow infix search but is an extension a server may not offer.
 */
export function peopleIndexDdl(s: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS household_register_village
      ON ${s}.household_register (village_code, household_id)`,
    `CREATE INDEX IF NOT EXISTS household_register_status
      ON ${s}.household_register (status, village_code, household_id)`,
    `CREATE INDEX IF NOT EXISTS household_register_name
      ON ${s}.household_register (head_name text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS household_register_id_prefix
      ON ${s}.household_register (household_id text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS household_register_helper
      ON ${s}.household_register (helper_id, household_id)`,
    `CREATE INDEX IF NOT EXISTS household_returns_household
      ON ${s}.household_returns (household_id, returned_on)`,
    `CREATE INDEX IF NOT EXISTS household_visits_helper
      ON ${s}.household_visits (helper_id, visited_on)`,
    `CREATE INDEX IF NOT EXISTS household_visits_household
      ON ${s}.household_visits (household_id, visited_on)`,
    `CREATE INDEX IF NOT EXISTS project_assets_village
      ON ${s}.project_assets (owner_village_code text_pattern_ops)`,
  ];
}
