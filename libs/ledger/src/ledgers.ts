import { z } from 'zod';
import { notFound } from '@sunshine/domain';
import { householdEntries, projectEntries, type HistoryEntry } from './history';
import { assertSchemaName, type Queryable } from './schema';
import { isIdle, remainderFen, toSafeNumber } from './metrics';

/** Household timeline, project ledger and fund ledger (SPEC §7 ledger reads). */

export const LEDGER_ROWS_MAX = 10_000;

const fenNumber = z
  .union([z.string(), z.number()])
  .transform((value) => toSafeNumber(BigInt(value)));

const householdRow = z.object({
  household_id: z.string(),
  village_code: z.string(),
  masked_name: z.string(),
  members: z.coerce.number().int(),
  registered_on: z.string(),
  status: z.string(),
  status_on: z.string(),
});

const shareRow = z.object({
  event_id: z.string(),
  project_id: z.string(),
  amount_fen: fenNumber,
  distributed_on: z.string(),
});

export interface HouseholdTimeline {
  householdId: string;
  villageCode: string;
  maskedName: string;
  members: number;
  registeredOn: string;
  status: string;
  statusOn: string;
  entries: HistoryEntry[];
  incomeShares: { eventId: string; projectId: string; amountFen: number; distributedOn: string }[];
}

export async function householdTimeline(
  db: Queryable,
  schema: string,
  householdId: string,
): Promise<HouseholdTimeline> {
  const s = assertSchemaName(schema);
  const [household] = z
    .array(householdRow)
    .parse(await db.query(`SELECT * FROM ${s}.households WHERE household_id = $1`, [householdId]));
  if (!household) throw notFound('household', householdId);
  const shares = z.array(shareRow).parse(
    await db.query(
      `SELECT event_id, project_id, amount_fen::text AS amount_fen, distributed_on
       FROM ${s}.project_income_shares WHERE household_id = $1
       ORDER BY distributed_on, global_position LIMIT $2`,
      [householdId, LEDGER_ROWS_MAX],
    ),
  );
  return {
    householdId,
    villageCode: household.village_code,
    maskedName: household.masked_name,
    members: household.members,
    registeredOn: household.registered_on,
    status: household.status,
    statusOn: household.status_on,
    entries: await householdEntries(db, s, householdId),
    incomeShares: shares.map((share) => ({
      eventId: share.event_id,
      projectId: share.project_id,
      amountFen: share.amount_fen,
      distributedOn: share.distributed_on,
    })),
  };
}

const projectRow = z.object({
  project_id: z.string(),
  name: z.string(),
  village_code: z.string(),
  kind: z.string(),
  budget_fen: fenNumber,
  registered_on: z.string(),
  stage: z.string(),
  stage_since: z.string(),
  status: z.string(),
  income_fen: fenNumber,
  distributed_fen: fenNumber,
});
const stageRow = z.object({ stage: z.string(), advanced_on: z.string() });
const paidRow = z.object({
  fund_id: z.string(),
  movement_id: z.string(),
  allocation_id: z.string().nullable(),
  amount_fen: fenNumber,
  business_date: z.string(),
});

export async function projectLedger(db: Queryable, schema: string, projectId: string) {
  const s = assertSchemaName(schema);
  const [project] = z
    .array(projectRow)
    .parse(await db.query(`SELECT * FROM ${s}.projects WHERE project_id = $1`, [projectId]));
  if (!project) throw notFound('project', projectId);
  const stages = z.array(stageRow).parse(
    await db.query(
      `SELECT stage, advanced_on FROM ${s}.project_stages WHERE project_id = $1
       ORDER BY advanced_on, global_position`,
      [projectId],
    ),
  );
  const disbursements = z.array(paidRow).parse(
    await db.query(
      `SELECT fund_id, movement_id, allocation_id, amount_fen::text AS amount_fen, business_date
       FROM ${s}.money_movements WHERE payee_type = 'project' AND payee_id = $1
       ORDER BY business_date, global_position LIMIT $2`,
      [projectId, LEDGER_ROWS_MAX],
    ),
  );
  return {
    projectId,
    name: project.name,
    villageCode: project.village_code,
    kind: project.kind,
    budgetFen: project.budget_fen,
    registeredOn: project.registered_on,
    stage: project.stage,
    stageSince: project.stage_since,
    status: project.status,
    incomeFen: project.income_fen,
    distributedFen: project.distributed_fen,
    undistributedFen: project.income_fen - project.distributed_fen,
    stages: stages.map((row) => ({ stage: row.stage, advancedOn: row.advanced_on })),
    disbursements: disbursements.map((row) => ({
      fundId: row.fund_id,
      disbursementId: row.movement_id,
      allocationId: row.allocation_id,
      amountFen: row.amount_fen,
      paidOn: row.business_date,
    })),
    disbursedFen: disbursements.reduce((sum, row) => sum + row.amount_fen, 0),
    entries: await projectEntries(db, s, projectId),
  };
}

const fundRow = z.object({
  fund_id: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  level: z.string(),
  fiscal_year: z.coerce.number().int(),
  county_code: z.string(),
  amount_fen: fenNumber,
  received_on: z.string(),
});
const allocationRow = z.object({
  allocation_id: z.string(),
  village_code: z.string(),
  target_type: z.string(),
  target_id: z.string(),
  amount_fen: z.union([z.string(), z.number()]).transform((v) => BigInt(v)),
  allocated_on: z.string(),
  spent_fen: z.union([z.string(), z.number()]).transform((v) => BigInt(v)),
  last_paid_on: z.string().nullable(),
});
const movementRow = paidRow.extend({
  kind: z.string(),
  region_code: z.string(),
  household_id: z.string().nullable(),
});

export async function fundLedger(
  db: Queryable,
  schema: string,
  fundId: string,
  asOf: string,
  idleDays: number,
) {
  const s = assertSchemaName(schema);
  const [fund] = z
    .array(fundRow)
    .parse(await db.query(`SELECT * FROM ${s}.funds WHERE fund_id = $1`, [fundId]));
  if (!fund) throw notFound('fund', fundId);
  const allocations = z.array(allocationRow).parse(
    await db.query(
      `SELECT a.allocation_id, a.village_code, a.target_type, a.target_id,
         a.amount_fen::text AS amount_fen, a.allocated_on,
         COALESCE(SUM(m.amount_fen), 0)::text AS spent_fen,
         MAX(m.business_date) FILTER (WHERE m.kind IN ('disbursement', 'payment')) AS last_paid_on
       FROM ${s}.allocations a LEFT JOIN ${s}.money_movements m ON m.fund_id = a.fund_id
         AND m.allocation_id = a.allocation_id AND m.business_date <= $2
         AND m.kind IN ('disbursement', 'payment', 'payment_failed', 'return')
       WHERE a.fund_id = $1 AND a.allocated_on <= $2
       GROUP BY a.fund_id, a.allocation_id ORDER BY a.allocated_on, a.allocation_id LIMIT $3`,
      [fundId, asOf, LEDGER_ROWS_MAX],
    ),
  );
  const movements = z.array(movementRow).parse(
    await db.query(
      `SELECT fund_id, movement_id, allocation_id, amount_fen::text AS amount_fen,
         business_date, kind, region_code, household_id
       FROM ${s}.money_movements WHERE fund_id = $1 AND business_date <= $2
       ORDER BY business_date, global_position LIMIT $3`,
      [fundId, asOf, LEDGER_ROWS_MAX],
    ),
  );
  const allocatedFen = allocations.reduce((sum, a) => sum + toSafeNumber(a.amount_fen), 0);
  return {
    fundId,
    asOf,
    name: fund.name,
    category: fund.category,
    department: fund.department,
    level: fund.level,
    fiscalYear: fund.fiscal_year,
    countyCode: fund.county_code,
    amountFen: fund.amount_fen,
    receivedOn: fund.received_on,
    allocatedFen,
    allocations: allocations.map((a) => {
      const activity = {
        regionCode: a.village_code,
        amountFen: a.amount_fen,
        allocatedOn: a.allocated_on,
        spentFen: a.spent_fen,
        lastPaidOn: a.last_paid_on,
      };
      return {
        allocationId: a.allocation_id,
        villageCode: a.village_code,
        target: { type: a.target_type, id: a.target_id },
        amountFen: toSafeNumber(a.amount_fen),
        allocatedOn: a.allocated_on,
        remainingFen: toSafeNumber(remainderFen(activity)),
        lastActivityOn: a.last_paid_on ?? a.allocated_on,
        idle: isIdle(activity, asOf, idleDays),
      };
    }),
    movements: movements.map((m) => ({
      kind: m.kind,
      movementId: m.movement_id,
      allocationId: m.allocation_id,
      householdId: m.household_id,
      regionCode: m.region_code,
      amountFen: m.amount_fen,
      businessDate: m.business_date,
    })),
  };
}
