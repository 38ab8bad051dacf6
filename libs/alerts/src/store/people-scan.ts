import { addDays } from '@sunshine/domain';
import type { AlertRuleParams } from '../config';
import type { AlertCandidate } from '../candidate';
import {
  assetNotRegistered,
  ASSET_REGISTRATION_DAYS,
  HELPER_DEADLINE_DAYS,
  householdCare,
  type HouseholdCareFact,
} from '../rules';
import { projectOf } from './fact-reader';
import { fen, type Queryable } from './sql';

/** Rows read per page of the household scan; a scan walks every page. */
export const CARE_SCAN_PAGE_SIZE = 1000;

interface CareRow {
  household_id: string;
  village_code: string;
  members: number;
  registered_on: string;
  deregistered_on: string | null;
  event_id: string;
  status: HouseholdCareFact['status'];
  helper_id: string | null;
  helper_since: string | null;
  assign_event_id: string | null;
  last_visit_on: string | null;
  visit_event_id: string | null;
  last_returned_on: string | null;
  latest_fen: string | null;
  previous_fen: string | null;
}

function careOf(row: CareRow): HouseholdCareFact {
  const fact: HouseholdCareFact = {
    householdId: row.household_id,
    villageCode: row.village_code,
    members: row.members,
    registeredOn: row.registered_on,
    registrationEventId: row.event_id,
    status: row.status,
  };
  if (row.deregistered_on !== null) fact.deregisteredOn = row.deregistered_on;
  if (row.helper_id !== null && row.helper_since !== null && row.assign_event_id !== null) {
    fact.helper = { helperId: row.helper_id, since: row.helper_since,
      eventId: row.assign_event_id };
  }
  if (row.last_visit_on !== null && row.visit_event_id !== null) {
    fact.lastVisit = { on: row.last_visit_on, eventId: row.visit_event_id };
  }
  if (row.latest_fen !== null) fact.latestIncomeFen = fen(row.latest_fen);
  if (row.previous_fen !== null) fact.previousIncomeFen = fen(row.previous_fen);
  if (row.last_returned_on !== null) fact.lastReturnedOn = row.last_returned_on;
  return fact;
}

/**
 * HOUSEHOLD_NOT_VISITED and HOUSEHOLD_WITHOUT_HELPER over the households of counties with
 * a helper. SQL keeps only those overdue by date (no helper 30 days after registration, or
 * no visit for visitDays); the rule function then judges poverty and the watch list.
 */
async function scanHouseholdCare(
  db: Queryable,
  asOf: string,
  params: AlertRuleParams,
): Promise<AlertCandidate[]> {
  const found: AlertCandidate[] = [];
  const helperDue = addDays(asOf, -HELPER_DEADLINE_DAYS);
  const visitDue = addDays(asOf, -params.visitDays);
  let after = '';
  for (;;) {
    const { rows } = await db.query<CareRow>(
      `SELECT h.household_id, h.village_code, h.members, h.registered_on, h.deregistered_on,
         h.event_id, c.status, c.helper_id, c.helper_since, c.assign_event_id, c.last_visit_on,
         c.visit_event_id, c.last_returned_on, i1.total_fen::text AS latest_fen,
         i2.total_fen::text AS previous_fen
       FROM alert_households h JOIN alert_household_care c USING (household_id)
       LEFT JOIN LATERAL (SELECT period, total_fen FROM alert_household_incomes
         WHERE household_id = h.household_id AND recorded_on <= $1
         ORDER BY period DESC LIMIT 1) i1 ON true
       LEFT JOIN LATERAL (SELECT total_fen FROM alert_household_incomes
         WHERE household_id = h.household_id AND recorded_on <= $1 AND period < i1.period
         ORDER BY period DESC LIMIT 1) i2 ON true
       WHERE substr(h.village_code, 1, 6) IN (SELECT county_code FROM alert_helper_counties)
         AND h.household_id > $2 AND c.status <> 'deregistered'
         AND (h.deregistered_on IS NULL OR h.deregistered_on > $1)
         AND ((c.helper_since IS NULL OR c.helper_since > $1) AND h.registered_on < $3
           OR c.helper_since <= $1
             AND GREATEST(c.helper_since, CASE WHEN c.last_visit_on <= $1
               THEN c.last_visit_on END) < $4)
       ORDER BY h.household_id LIMIT $5`,
      [asOf, after, helperDue, visitDue, CARE_SCAN_PAGE_SIZE],
    );
    for (const row of rows) {
      found.push(...householdCare(careOf(row), asOf, params, true));
      after = row.household_id;
    }
    if (rows.length < CARE_SCAN_PAGE_SIZE) return found;
  }
}

/** ASSET_NOT_REGISTERED over projects accepted more than 90 days ago without an asset. */
async function scanAssets(db: Queryable, asOf: string): Promise<AlertCandidate[]> {
  const { rows } = await db.query(
    `SELECT p.* FROM alert_projects p
     WHERE p.stages @> '[{"stage": "acceptance"}]'::jsonb
       AND NOT EXISTS (SELECT 1 FROM alert_project_assets a WHERE a.project_id = p.project_id)
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.stages) s
         WHERE s->>'stage' = 'acceptance' AND s->>'on' < $1)
     ORDER BY p.project_id`,
    [addDays(asOf, -ASSET_REGISTRATION_DAYS)],
  );
  return rows.flatMap((row) =>
    assetNotRegistered(projectOf(row as Parameters<typeof projectOf>[0]), 0, asOf));
}

/** The SPEC §13 time rules as of `asOf`. */
export async function scanPeopleFindings(
  db: Queryable,
  asOf: string,
  params: AlertRuleParams,
): Promise<AlertCandidate[]> {
  return [...(await scanHouseholdCare(db, asOf, params)), ...(await scanAssets(db, asOf))];
}
