/**
 * Fact tables of the SPEC §13 rules: which counties have helpers, each household's care
 * (status, helper, last visit, last return), its income records, and project assets.
 */
export const PEOPLE_FACT_DDL = `
CREATE TABLE IF NOT EXISTS alert_helper_counties (
  helper_id text NOT NULL, county_code text NOT NULL, PRIMARY KEY (county_code, helper_id));
CREATE TABLE IF NOT EXISTS alert_household_care (
  household_id text PRIMARY KEY, status text NOT NULL, helper_id text, helper_since text,
  assign_event_id text, last_visit_on text, visit_event_id text, last_returned_on text);
CREATE TABLE IF NOT EXISTS alert_household_incomes (
  household_id text NOT NULL, period text NOT NULL, recorded_on text NOT NULL,
  total_fen bigint NOT NULL, PRIMARY KEY (household_id, period));
CREATE TABLE IF NOT EXISTS alert_project_assets (
  project_id text NOT NULL, asset_id text NOT NULL, event_id text NOT NULL,
  PRIMARY KEY (project_id, asset_id));
CREATE INDEX IF NOT EXISTS alert_households_county
  ON alert_households (substr(village_code, 1, 6), household_id);
`;

export const PEOPLE_FACT_TABLES = ['alert_household_care', 'alert_household_incomes'];
