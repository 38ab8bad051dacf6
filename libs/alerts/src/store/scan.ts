import type { AlertRuleParams } from '../config';
import type { AlertCandidate } from '../candidate';
import type { FundFact } from '../facts';
import {
  alertOverdue,
  highRetention,
  idleAllocation,
  projectStalled,
  undistributedIncome,
  type FundOutflow,
} from '../rules';
import {
  allocationOf,
  loadMovementsOfAllocation,
  loadProjectIncome,
  projectOf,
} from './fact-reader';
import type { Finding } from './evaluate';
import { scanUnconfirmedPayments } from './scan-unconfirmed';
import { scanPeopleFindings } from './people-scan';
import { fen, type Queryable } from './sql';

/** Rows read per page while scanning; a scan walks every page. */
export const SCAN_PAGE_SIZE = 500;

/** Runs the time rules of SPEC §6 as of `asOf` over the fact tables. */
export async function scanFindings(
  db: Queryable,
  asOf: string,
  params: AlertRuleParams,
): Promise<Finding[]> {
  const found = [
    ...(await scanIdleAllocations(db, asOf, params.idleDays)),
    ...(await scanProjects(db, asOf, params)),
    ...(await scanRetention(db, asOf, params.retentionAlertPpm)),
    ...(await scanUnconfirmedPayments(db, asOf, params.confirmDays)),
    ...(await scanOverdueAlerts(db, asOf)),
    ...(await scanPeopleFindings(db, asOf, params)),
  ];
  return found.map((candidate) => ({ candidate }));
}

/**
 * SQL narrows the allocations to those with money left and no activity for idleDays; the
 * rule function then decides on the full movement list, so the scan and the rule agree.
 */
async function scanIdleAllocations(
  db: Queryable,
  asOf: string,
  idleDays: number,
): Promise<AlertCandidate[]> {
  const found: AlertCandidate[] = [];
  let after = ['', ''];
  for (;;) {
    const { rows } = await db.query(
      `SELECT a.* FROM alert_allocations a
         LEFT JOIN alert_movements m ON m.fund_id = a.fund_id
           AND m.allocation_id = a.allocation_id AND m.moved_on <= $1
       WHERE a.allocated_on <= $1 AND (a.fund_id, a.allocation_id) > ($2, $3)
       GROUP BY a.fund_id, a.allocation_id
       HAVING a.amount_fen > COALESCE(SUM(m.amount_fen), 0)
         AND GREATEST(a.allocated_on,
               COALESCE(MAX(m.moved_on) FILTER (WHERE m.kind IN ('disbursement', 'payment')),
                 a.allocated_on))
             < to_char(to_date($1, 'YYYY-MM-DD') - $4::int, 'YYYY-MM-DD')
       ORDER BY a.fund_id, a.allocation_id LIMIT $5`,
      [asOf, after[0], after[1], idleDays, SCAN_PAGE_SIZE],
    );
    for (const row of rows) {
      const allocation = allocationOf(row as Parameters<typeof allocationOf>[0]);
      const { fundId, allocationId } = allocation;
      const movements = await loadMovementsOfAllocation(db, fundId, allocationId);
      found.push(...idleAllocation(allocation, movements, asOf, idleDays));
      after = [allocation.fundId, allocation.allocationId];
    }
    if (rows.length < SCAN_PAGE_SIZE) return found;
  }
}

async function scanProjects(
  db: Queryable,
  asOf: string,
  params: AlertRuleParams,
): Promise<AlertCandidate[]> {
  const found: AlertCandidate[] = [];
  let after = '';
  for (;;) {
    const { rows } = await db.query(
      `SELECT * FROM alert_projects WHERE project_id > $1 AND registered_on <= $2
       ORDER BY project_id LIMIT $3`,
      [after, asOf, SCAN_PAGE_SIZE],
    );
    for (const row of rows) {
      const project = projectOf(row as Parameters<typeof projectOf>[0]);
      found.push(...projectStalled(project, asOf, params.stallDays));
      const incomes = await loadProjectIncome(db, project.projectId);
      found.push(...undistributedIncome(project, incomes, asOf, params.distributionDays));
      after = project.projectId;
    }
    if (rows.length < SCAN_PAGE_SIZE) return found;
  }
}

async function scanRetention(
  db: Queryable,
  asOf: string,
  retentionAlertPpm: number,
): Promise<AlertCandidate[]> {
  const byCounty = new Map<string, FundOutflow[]>();
  let after = '';
  for (;;) {
    const { rows } = await db.query<{
      fund_id: string;
      county_code: string;
      amount_fen: string;
      received_on: string;
      out_fen: string;
    }>(
      `SELECT f.fund_id, f.county_code, f.amount_fen, f.received_on,
              COALESCE(SUM(m.amount_fen), 0) AS out_fen
         FROM alert_funds f
         LEFT JOIN alert_movements m ON m.fund_id = f.fund_id AND m.moved_on <= $1
       WHERE f.fund_id > $2 AND f.received_on <= $1
       GROUP BY f.fund_id ORDER BY f.fund_id LIMIT $3`,
      [asOf, after, SCAN_PAGE_SIZE],
    );
    for (const row of rows) {
      const fund: FundFact = {
        fundId: row.fund_id,
        countyCode: row.county_code,
        amountFen: fen(row.amount_fen),
        receivedOn: row.received_on,
      };
      const list = byCounty.get(fund.countyCode) ?? [];
      list.push({ fund, outFen: fen(row.out_fen) });
      byCounty.set(fund.countyCode, list);
      after = fund.fundId;
    }
    if (rows.length < SCAN_PAGE_SIZE) break;
  }
  return [...byCounty.entries()].flatMap(([county, funds]) =>
    highRetention(county, funds, asOf, retentionAlertPpm),
  );
}

/** ALERT_OVERDUE: assigned alerts past their due date and not resolved. */
async function scanOverdueAlerts(db: Queryable, asOf: string): Promise<AlertCandidate[]> {
  const found: AlertCandidate[] = [];
  let after = '';
  for (;;) {
    const { rows } = await db.query<{
      alert_id: string;
      region_code: string;
      status: 'open' | 'acknowledged' | 'resolved';
      due_on: string;
      assignments: number;
      assigned_event_id: string;
    }>(
      `SELECT alert_id, region_code, status, due_on, assignments, assigned_event_id FROM alerts
       WHERE due_on < $1 AND status <> 'resolved' AND assigned_event_id IS NOT NULL
         AND alert_id > $2
       ORDER BY alert_id LIMIT $3`,
      [asOf, after, SCAN_PAGE_SIZE],
    );
    for (const row of rows) {
      const fact = {
        alertId: row.alert_id,
        regionCode: row.region_code,
        status: row.status,
        dueOn: row.due_on,
        assignments: row.assignments,
        assignedEventId: row.assigned_event_id,
      };
      found.push(...alertOverdue(fact, asOf));
      after = row.alert_id;
    }
    if (rows.length < SCAN_PAGE_SIZE) return found;
  }
}
