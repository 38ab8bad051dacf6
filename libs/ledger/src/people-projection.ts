import { entityIdOfStream, type DomainEvent } from '@sunshine/domain';
import type { ParsedEvent } from './batch-model';
import { assertSchemaName, type Queryable } from './schema';

/**
 * The SPEC §13 read models as a pure function of a batch (`projectPeople`) and the SQL that
 * writes its result (`writePeople`), in the projection's transaction after the main write
 * set. Household rows are inserted first and changed by one UPDATE per batch afterwards, so
 * a household registered and changed in the same batch ends like one changed later.
 */

interface RegisterRow {
  household_id: string;
  village_code: string;
  head_name: string;
  members: number;
  registered_on: string;
  status: string;
  status_on: string;
}

interface RegisterUpdate {
  household_id: string;
  status: string | null;
  status_on: string | null;
  deregistered_on: string | null;
  helper_id: string | null;
  helper_since: string | null;
  last_visit_on: string | null;
}

export interface PeopleWriteSet {
  helpers: Map<string, Record<string, unknown>>;
  register: RegisterRow[];
  updates: Map<string, RegisterUpdate>;
  /** Keyed by household and period: a correction of a period replaces it. */
  incomes: Map<string, Record<string, unknown>>;
  returns: Record<string, unknown>[];
  visits: Record<string, unknown>[];
  assets: Record<string, unknown>[];
}

function update(set: PeopleWriteSet, householdId: string): RegisterUpdate {
  let row = set.updates.get(householdId);
  if (!row) {
    row = {
      household_id: householdId, status: null, status_on: null, deregistered_on: null,
      helper_id: null, helper_since: null, last_visit_on: null,
    };
    set.updates.set(householdId, row);
  }
  return row;
}

function later(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

function projectHousehold(set: PeopleWriteSet, p: ParsedEvent, e: DomainEvent, id: string) {
  const position = p.stored.globalPosition;
  switch (e.type) {
    case 'HouseholdRegistered': {
      const d = e.data;
      set.register.push({ household_id: id, village_code: d.villageCode, head_name: d.headName,
        members: d.members, registered_on: d.registeredOn, status: 'in_poverty',
        status_on: d.registeredOn });
      return;
    }
    case 'HouseholdExitedPoverty':
      Object.assign(update(set, id), { status: 'exited', status_on: e.data.exitedOn });
      return;
    case 'HouseholdReturnedToPoverty':
      Object.assign(update(set, id), { status: 'in_poverty', status_on: e.data.returnedOn });
      set.returns.push({ event_id: p.stored.eventId, household_id: id,
        returned_on: e.data.returnedOn });
      return;
    case 'HouseholdDeregistered': {
      const on = e.data.deregisteredOn;
      Object.assign(update(set, id), { status: 'deregistered', status_on: on,
        deregistered_on: on });
      return;
    }
    case 'HouseholdIncomeRecorded': {
      const d = e.data;
      const totalFen = d.wagesFen + d.businessFen + d.propertyFen + d.transferFen + d.otherFen;
      set.incomes.set(`${id}/${d.period}`, { household_id: id, period: d.period,
        recorded_on: d.recordedOn, total_fen: totalFen, global_position: position });
      return;
    }
    case 'HouseholdHelperAssigned':
      Object.assign(update(set, id), { helper_id: e.data.helperId,
        helper_since: e.data.since });
      return;
    case 'HouseholdVisited': {
      const row = update(set, id);
      row.last_visit_on = later(row.last_visit_on, e.data.visitedOn);
      set.visits.push({ event_id: p.stored.eventId, household_id: id,
        helper_id: e.data.helperId, visited_on: e.data.visitedOn, note: e.data.note ?? null,
        evidence: e.data.evidence, global_position: position });
      return;
    }
    default:
      return;
  }
}

export function projectPeople(events: readonly ParsedEvent[]): PeopleWriteSet {
  const set: PeopleWriteSet = {
    helpers: new Map(), register: [], updates: new Map(), incomes: new Map(), returns: [],
    visits: [], assets: [],
  };
  for (const p of events) {
    const e = p.event;
    const id = entityIdOfStream(p.stored.streamId);
    if (e.type === 'HelperRegistered') {
      set.helpers.set(id, { helper_id: id, name: e.data.name, unit: e.data.unit,
        village_codes: e.data.villageCodes, global_position: p.stored.globalPosition });
    } else if (e.type === 'ProjectAssetRegistered') {
      const d = e.data;
      set.assets.push({ project_id: id, asset_id: d.assetId, name: d.name, kind: d.kind,
        value_fen: d.valueFen, owner_village_code: d.ownerVillageCode, acquired_on: d.acquiredOn,
        global_position: p.stored.globalPosition });
    } else if (p.stored.streamId.startsWith('household-')) {
      projectHousehold(set, p, e, id);
    }
  }
  return set;
}

async function insert(db: Queryable, sql: string, rows: readonly object[]): Promise<void> {
  if (rows.length > 0) await db.query(sql, [JSON.stringify(rows)]);
}

export async function writePeople(db: Queryable, schema: string, set: PeopleWriteSet) {
  const s = assertSchemaName(schema);
  await insert(db, `INSERT INTO ${s}.helpers AS h
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(helper_id text, name text, unit text,
        village_codes jsonb, global_position bigint)
      ON CONFLICT (helper_id) DO UPDATE SET name = excluded.name, unit = excluded.unit,
        village_codes = excluded.village_codes, global_position = excluded.global_position
      WHERE h.global_position < excluded.global_position`, [...set.helpers.values()]);
  await insert(db, `INSERT INTO ${s}.household_register (household_id, village_code,
        head_name, members, registered_on, status, status_on)
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(household_id text, village_code text,
        head_name text, members integer, registered_on text, status text, status_on text)
      ON CONFLICT DO NOTHING`, set.register);
  await insert(db, `UPDATE ${s}.household_register AS h SET
        status = COALESCE(x.status, h.status), status_on = COALESCE(x.status_on, h.status_on),
        deregistered_on = COALESCE(x.deregistered_on, h.deregistered_on),
        helper_id = COALESCE(x.helper_id, h.helper_id),
        helper_since = COALESCE(x.helper_since, h.helper_since),
        last_visit_on = GREATEST(h.last_visit_on, x.last_visit_on)
      FROM jsonb_to_recordset($1::jsonb) AS x(household_id text, status text, status_on text,
        deregistered_on text, helper_id text, helper_since text, last_visit_on text)
      WHERE h.household_id = x.household_id`, [...set.updates.values()]);
  await insert(db, `INSERT INTO ${s}.household_incomes AS i
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(household_id text, period text,
        recorded_on text, total_fen bigint, global_position bigint)
      ON CONFLICT (household_id, period) DO UPDATE SET recorded_on = excluded.recorded_on,
        total_fen = excluded.total_fen, global_position = excluded.global_position
      WHERE i.global_position < excluded.global_position`, [...set.incomes.values()]);
  await insert(db, `INSERT INTO ${s}.household_returns
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, household_id text,
        returned_on text) ON CONFLICT DO NOTHING`, set.returns);
  await insert(db, `INSERT INTO ${s}.household_visits
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, household_id text,
        helper_id text, visited_on text, note text, evidence jsonb, global_position bigint)
      ON CONFLICT DO NOTHING`, set.visits);
  await insert(db, `INSERT INTO ${s}.project_assets
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(project_id text, asset_id text,
        name text, kind text, value_fen bigint, owner_village_code text, acquired_on text,
        global_position bigint) ON CONFLICT DO NOTHING`, set.assets);
}
