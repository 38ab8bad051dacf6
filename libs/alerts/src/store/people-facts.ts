import type { DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import type { Queryable } from './sql';

/** Applies the events the SPEC §13 rules read; idempotent by key like `applyFact`. */
export async function applyPeopleFact(
  db: Queryable,
  stored: StoredEvent,
  event: DomainEvent,
  entityId: string,
): Promise<void> {
  const care = (sets: string, values: unknown[]) =>
    db.query(`UPDATE alert_household_care SET ${sets} WHERE household_id = $1`,
      [entityId, ...values]);
  switch (event.type) {
    case 'HelperRegistered': {
      // A changed registration replaces the counties of the one before.
      const counties = [...new Set(event.data.villageCodes.map((code) => code.slice(0, 6)))];
      await db.query(`DELETE FROM alert_helper_counties WHERE helper_id = $1`, [entityId]);
      await db.query(
        `INSERT INTO alert_helper_counties SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [entityId, counties]);
      return;
    }
    case 'HouseholdRegistered':
      await db.query(`INSERT INTO alert_household_care (household_id, status) VALUES ($1,
        'in_poverty') ON CONFLICT DO NOTHING`, [entityId]);
      return;
    case 'HouseholdExitedPoverty':
      await care(`status = 'exited'`, []);
      return;
    case 'HouseholdReturnedToPoverty':
      await care(`status = 'in_poverty', last_returned_on = GREATEST(last_returned_on, $2)`,
        [event.data.returnedOn]);
      return;
    case 'HouseholdDeregistered':
      await care(`status = 'deregistered'`, []);
      return;
    case 'HouseholdHelperAssigned':
      await care(`helper_id = $2, helper_since = $3, assign_event_id = $4`,
        [event.data.helperId, event.data.since, stored.eventId]);
      return;
    case 'HouseholdVisited':
      await care(`visit_event_id = CASE WHEN last_visit_on IS NULL OR last_visit_on <= $2
          THEN $3 ELSE visit_event_id END, last_visit_on = GREATEST(last_visit_on, $2)`,
        [event.data.visitedOn, stored.eventId]);
      return;
    case 'HouseholdIncomeRecorded': {
      const d = event.data;
      const totalFen = d.wagesFen + d.businessFen + d.propertyFen + d.transferFen + d.otherFen;
      await db.query(
        `INSERT INTO alert_household_incomes VALUES ($1, $2, $3, $4)
         ON CONFLICT (household_id, period) DO UPDATE SET recorded_on = excluded.recorded_on,
           total_fen = excluded.total_fen`,
        [entityId, d.period, d.recordedOn, totalFen]);
      return;
    }
    case 'ProjectAssetRegistered':
      await db.query(`INSERT INTO alert_project_assets VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [entityId, event.data.assetId, stored.eventId]);
      return;
    default:
      return;
  }
}
