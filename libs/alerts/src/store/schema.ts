import type { Pool } from 'pg';
import { PEOPLE_FACT_DDL } from './people-schema';

/**
 * The alert-service's own tables: `alert_*` facts the rules read, the outbox of findings
 * waiting to be raised, and the `alerts` read model. Dates are stored as YYYY-MM-DD text,
 * which orders correctly and never shifts with a session time zone.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS alert_applied (
  stream_id text PRIMARY KEY, version integer NOT NULL);
CREATE TABLE IF NOT EXISTS alert_checkpoint (
  name text PRIMARY KEY, position bigint NOT NULL);
CREATE TABLE IF NOT EXISTS alert_pending (
  name text NOT NULL, position bigint NOT NULL, previous bigint NOT NULL,
  PRIMARY KEY (name, position));
CREATE TABLE IF NOT EXISTS alert_funds (
  fund_id text PRIMARY KEY, county_code text NOT NULL, amount_fen bigint NOT NULL,
  received_on text NOT NULL);
CREATE TABLE IF NOT EXISTS alert_allocations (
  fund_id text NOT NULL, allocation_id text NOT NULL, village_code text NOT NULL,
  amount_fen bigint NOT NULL, allocated_on text NOT NULL, cap_fen bigint, event_id text NOT NULL,
  PRIMARY KEY (fund_id, allocation_id));
CREATE TABLE IF NOT EXISTS alert_movements (
  fund_id text NOT NULL, kind text NOT NULL, movement_id text NOT NULL, allocation_id text,
  amount_fen bigint NOT NULL, moved_on text NOT NULL, event_id text NOT NULL,
  household_id text, payee_type text, payee_id text,
  PRIMARY KEY (fund_id, kind, movement_id));
ALTER TABLE alert_movements ADD COLUMN IF NOT EXISTS batch_id text;
ALTER TABLE alert_movements ADD COLUMN IF NOT EXISTS settled_on text;
CREATE INDEX IF NOT EXISTS alert_movements_unsettled ON alert_movements (moved_on)
  WHERE kind = 'payment' AND batch_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS alert_movements_allocation ON alert_movements (fund_id, allocation_id);
CREATE INDEX IF NOT EXISTS alert_movements_household ON alert_movements (household_id);
-- Repeat candidates (DUPLICATE_PAYMENT) of many payments are read in one LATERAL query;
-- without this index the planner walks a whole allocation's payments for every one.
CREATE INDEX IF NOT EXISTS alert_movements_repeat
  ON alert_movements (household_id, fund_id, allocation_id, amount_fen, moved_on)
  WHERE kind = 'payment';
CREATE INDEX IF NOT EXISTS alert_movements_payee
  ON alert_movements (payee_type, payee_id, moved_on);
CREATE TABLE IF NOT EXISTS alert_households (
  household_id text PRIMARY KEY, village_code text NOT NULL, members integer NOT NULL,
  registered_on text NOT NULL, deregistered_on text, event_id text NOT NULL,
  income_period text, income_total_fen bigint, income_one_off_fen bigint, income_event_id text);
CREATE TABLE IF NOT EXISTS alert_projects (
  project_id text PRIMARY KEY, village_code text NOT NULL, registered_on text NOT NULL,
  cancelled_on text, event_id text NOT NULL, stages jsonb NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS alert_project_income (
  event_id text PRIMARY KEY, project_id text NOT NULL, kind text NOT NULL,
  amount_fen bigint NOT NULL, on_date text NOT NULL);
CREATE INDEX IF NOT EXISTS alert_project_income_project ON alert_project_income (project_id);
CREATE TABLE IF NOT EXISTS alert_outbox (
  alert_id text PRIMARY KEY, finding jsonb NOT NULL, confirm jsonb);
CREATE TABLE IF NOT EXISTS alerts (
  alert_id text PRIMARY KEY, rule text NOT NULL, severity text NOT NULL, status text NOT NULL,
  subject_type text NOT NULL, subject_id text NOT NULL, region_code text NOT NULL,
  amount_fen bigint, detected_on text NOT NULL, evidence jsonb NOT NULL, cause text NOT NULL,
  raised_at text NOT NULL, acknowledged_by text, acknowledged_note text, acknowledged_at text,
  resolved_by text, resolution text, resolved_note text, resolved_at text,
  position bigint NOT NULL);
-- Case handling (SPEC §12): the current assignment of an alert.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS assignee text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS due_on text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS assignments integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS assigned_event_id text;
CREATE INDEX IF NOT EXISTS alerts_due ON alerts (due_on) WHERE due_on IS NOT NULL;
CREATE INDEX IF NOT EXISTS alerts_region ON alerts (region_code text_pattern_ops);
CREATE INDEX IF NOT EXISTS alerts_order ON alerts (detected_on DESC, alert_id DESC);
`;

/** Serialises schema creation between instances starting at once. */
const SCHEMA_LOCK_KEY = 7_405_113;

export async function ensureAlertSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await client.query(DDL);
    await client.query(PEOPLE_FACT_DDL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
