import { assertSchemaName, type Queryable } from './schema';
import type { WriteSet } from './rows';

/**
 * Writes a projected batch: one `jsonb_to_recordset` statement per table, so a batch of a
 * thousand events costs a dozen round trips instead of thousands.
 */

type Columns = Record<string, string>;

const COLUMNS = {
  regions: { code: 'text', name: 'text', level: 'text', weak_village: 'boolean' },
  funds: {
    fund_id: 'text', name: 'text', category: 'text', department: 'text', level: 'text',
    fiscal_year: 'integer', county_code: 'text', amount_fen: 'bigint', received_on: 'text',
  },
  allocations: {
    fund_id: 'text', allocation_id: 'text', village_code: 'text', target_type: 'text',
    target_id: 'text', amount_fen: 'bigint', allocated_on: 'text',
    per_household_cap_fen: 'bigint',
  },
  money_movements: {
    event_id: 'text', kind: 'text', business_date: 'text', amount_fen: 'bigint',
    fund_id: 'text', category: 'text', fiscal_year: 'integer', county_code: 'text',
    region_code: 'text', allocation_id: 'text', household_id: 'text', payee_type: 'text',
    payee_id: 'text', movement_id: 'text', global_position: 'bigint',
  },
  households: {
    household_id: 'text', village_code: 'text', masked_name: 'text', members: 'integer',
    registered_on: 'text', status: 'text', status_on: 'text',
  },
  household_status_changes: {
    event_id: 'text', household_id: 'text', status: 'text', changed_on: 'text',
    global_position: 'bigint',
  },
  projects: {
    project_id: 'text', name: 'text', village_code: 'text', kind: 'text', budget_fen: 'bigint',
    registered_on: 'text', stage: 'text', stage_since: 'text', status: 'text',
    income_fen: 'bigint', distributed_fen: 'bigint',
  },
  project_stages: {
    event_id: 'text', project_id: 'text', stage: 'text', advanced_on: 'text',
    global_position: 'bigint',
  },
  project_income: {
    event_id: 'text', project_id: 'text', kind: 'text', amount_fen: 'bigint', on_date: 'text',
    global_position: 'bigint',
  },
  project_income_shares: {
    event_id: 'text', share_index: 'integer', project_id: 'text', household_id: 'text',
    amount_fen: 'bigint', distributed_on: 'text', global_position: 'bigint',
  },
  timeline: {
    event_id: 'text', village_code: 'text', type: 'text', business_date: 'text',
    global_position: 'bigint', stream_id: 'text', stream_version: 'integer', fund_id: 'text',
    allocation_id: 'text', household_id: 'text', project_id: 'text', amount_fen: 'bigint',
    balance_effect_fen: 'bigint', detail: 'jsonb',
  },
} satisfies Record<string, Columns>;

/**
 * Inserts the movements and adds exactly the rows that went in (RETURNING) to the daily
 * sums, in one statement, so the sums can never count a movement the table does not hold.
 */
async function insertMovements(db: Queryable, s: string, rows: WriteSet['movements']) {
  if (rows.length === 0) return;
  const columns: Columns = COLUMNS.money_movements;
  const names = Object.keys(columns).join(', ');
  await db.query(
    `WITH inserted AS (
       INSERT INTO ${s}.money_movements (${names})
       SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS x(${recordset(columns)})
       ON CONFLICT DO NOTHING
       RETURNING region_code, kind, business_date, category, fiscal_year, amount_fen,
         fund_id, allocation_id),
     daily AS (
       INSERT INTO ${s}.movement_daily AS d
         (region_code, kind, business_date, category, fiscal_year, amount_fen)
       SELECT region_code, kind, business_date, category, fiscal_year, SUM(amount_fen)
       FROM inserted GROUP BY region_code, kind, business_date, category, fiscal_year
       ON CONFLICT (region_code, kind, business_date, category, fiscal_year)
       DO UPDATE SET amount_fen = d.amount_fen + excluded.amount_fen
       RETURNING 1)
     INSERT INTO ${s}.allocation_daily AS a
       (fund_id, allocation_id, business_date, spent_fen, paid_fen)
     SELECT fund_id, allocation_id, business_date, SUM(amount_fen),
       COALESCE(SUM(amount_fen) FILTER (WHERE kind IN ('disbursement', 'payment')), 0)
     FROM inserted WHERE allocation_id IS NOT NULL AND kind <> 'allocation'
     GROUP BY fund_id, allocation_id, business_date
     ON CONFLICT (fund_id, allocation_id, business_date)
     DO UPDATE SET spent_fen = a.spent_fen + excluded.spent_fen,
       paid_fen = a.paid_fen + excluded.paid_fen`,
    [JSON.stringify(rows)],
  );
}

/** Adds the batch's status moves to the per-village daily counts. */
async function addStatusDeltas(db: Queryable, s: string, rows: WriteSet['statusDeltas']) {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.household_status_daily AS h (village_code, status, changed_on, delta)
     SELECT village_code, status, changed_on, SUM(delta)
     FROM jsonb_to_recordset($1::jsonb) AS x(village_code text, status text, changed_on text,
       delta integer)
     GROUP BY village_code, status, changed_on
     ON CONFLICT (village_code, status, changed_on) DO UPDATE SET delta = h.delta + excluded.delta`,
    [JSON.stringify(rows)],
  );
}

/**
 * A payment to a household of another village is listed in the household's village too.
 * Kafka delivers streams independently, so a payment may be projected before its household
 * is registered; registering then lists the payments already there. Together with the
 * listing at payment time this gives the same rows in any delivery order.
 */
async function listPaymentsInHouseholdVillages(db: Queryable, s: string, households: string[]) {
  if (households.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.timeline (event_id, village_code, type, business_date, global_position,
       stream_id, stream_version, fund_id, allocation_id, household_id, project_id, amount_fen,
       balance_effect_fen, detail)
     SELECT t.event_id, h.village_code, t.type, t.business_date, t.global_position,
       t.stream_id, t.stream_version, t.fund_id, t.allocation_id, t.household_id, t.project_id,
       t.amount_fen, 0, t.detail
     FROM ${s}.timeline t JOIN ${s}.households h ON h.household_id = t.household_id
     WHERE t.household_id = ANY($1::text[]) AND t.type = 'HouseholdPaid'
       AND t.balance_effect_fen <> 0 AND t.village_code <> h.village_code
     ON CONFLICT DO NOTHING`,
    [households],
  );
}

function recordset(columns: Columns): string {
  return Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
}

async function insertRows(
  db: Queryable,
  schema: string,
  table: keyof typeof COLUMNS,
  rows: object[],
  onConflict = 'DO NOTHING',
): Promise<void> {
  if (rows.length === 0) return;
  const columns: Columns = COLUMNS[table];
  const names = Object.keys(columns).join(', ');
  await db.query(
    `INSERT INTO ${schema}.${table} (${names})
     SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS x(${recordset(columns)})
     ON CONFLICT ${onConflict}`,
    [JSON.stringify(rows)],
  );
}

/** Last definition of a region in the batch wins; an upsert may touch a row only once. */
function latestRegions(rows: WriteSet['regions']): WriteSet['regions'] {
  return [...new Map(rows.map((row) => [row.code, row])).values()];
}

async function applyUpdates(db: Queryable, s: string, set: WriteSet): Promise<void> {
  if (set.householdUpdates.length > 0) {
    await db.query(
      `UPDATE ${s}.households AS h SET status = x.status, status_on = x.status_on
       FROM jsonb_to_recordset($1::jsonb) AS x(household_id text, status text, status_on text)
       WHERE h.household_id = x.household_id`,
      [JSON.stringify(set.householdUpdates)],
    );
  }
  if (set.projectUpdates.length > 0) {
    await db.query(
      `UPDATE ${s}.projects AS p SET
         stage = COALESCE(x.stage, p.stage), stage_since = COALESCE(x.stage_since, p.stage_since),
         status = COALESCE(x.status, p.status),
         income_fen = p.income_fen + x.income_delta_fen,
         distributed_fen = p.distributed_fen + x.distributed_delta_fen
       FROM jsonb_to_recordset($1::jsonb) AS x(project_id text, stage text, stage_since text,
         status text, income_delta_fen bigint, distributed_delta_fen bigint)
       WHERE p.project_id = x.project_id`,
      [JSON.stringify(set.projectUpdates)],
    );
  }
}

export async function writeSet(db: Queryable, schema: string, set: WriteSet): Promise<void> {
  const s = assertSchemaName(schema);
  await insertRows(
    db,
    s,
    'regions',
    latestRegions(set.regions),
    `(code) DO UPDATE SET name = excluded.name, level = excluded.level,
       weak_village = excluded.weak_village`,
  );
  await insertRows(db, s, 'funds', set.funds);
  await insertRows(db, s, 'allocations', set.allocations);
  await insertMovements(db, s, set.movements);
  await insertRows(db, s, 'households', set.households);
  await insertRows(db, s, 'household_status_changes', set.statusChanges);
  await addStatusDeltas(db, s, set.statusDeltas);
  await insertRows(db, s, 'projects', set.projects);
  await insertRows(db, s, 'project_stages', set.stages);
  await insertRows(db, s, 'project_income', set.income);
  await insertRows(db, s, 'project_income_shares', set.shares);
  await insertRows(db, s, 'timeline', set.timeline);
  await listPaymentsInHouseholdVillages(
    db,
    s,
    set.households.map((row) => row.household_id),
  );
  await applyUpdates(db, s, set);
}
