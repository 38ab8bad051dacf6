import { PROJECT_STAGES } from '@sunshine/domain';
import { CONTRACTOR_NAMES, FUND_CATEGORIES, FUND_LEVEL_CYCLE, type FundCategory,
  type FundKind } from './catalog';
import { addDays, dayOfMonth, monthIndex, monthStart } from './dates';
import type { ResolvedCountyOptions } from './options';
import type { HouseholdPlan, VillagePlan } from './plan-people';
import type { ProjectPlan } from './plan-projects';
import { mulberry32, unitOf, type Rng } from './prng';

/** Funds, their allocations and planned disbursements; payments follow month by month. */

export interface PayeePlan {
  type: 'project' | 'village' | 'contractor';
  id: string;
  name: string;
}

export interface DisbursementPlan {
  id: string;
  amountFen: number;
  paidOn: string;
  payee: PayeePlan;
}

export interface ExtraPaymentPlan {
  id: string;
  householdId: string;
  amountFen: number;
  month: number;
  day: number;
}

export interface AllocationPlan {
  id: string;
  kind: FundKind;
  village: VillagePlan;
  target: { type: 'project' | 'village'; id: string };
  allocatedOn: string;
  amountFen: number;
  perHouseholdCapFen?: number;
  monthlyFen: number;
  enrolled: HouseholdPlan[];
  disbursements: DisbursementPlan[];
  extraPayments: ExtraPaymentPlan[];
  /** Returns what is left of a household allocation on the last generated month. */
  returnLeftover: boolean;
}

export interface FundPlan {
  index: number;
  id: string;
  name: string;
  category: FundCategory;
  level: (typeof FUND_LEVEL_CYCLE)[number];
  fiscalYear: number;
  receivedOn: string;
  amountFen: number;
  allocations: AllocationPlan[];
  returnUnallocatedFen: number;
}

/** Share of a village's households enrolled in household payment programmes. */
export const ENROLLED_SHARE = 0.67;
export const PAYMENT_DAY = 10;
/**
 * Village allocations start at ¥170,000 so that each tranche (30% at least) stays above
 * the split-payment threshold of ¥50,000 and only the planted splits look split.
 */
const VILLAGE_ALLOCATION_MILLIONS_MIN = 17;
const TENDERING = PROJECT_STAGES.indexOf('tendering');
const CONSTRUCTION = PROJECT_STAGES.indexOf('construction');
const ACCEPTANCE = PROJECT_STAGES.indexOf('acceptance');

function spreadOver<T>(items: T[], bins: number, bin: number): T[] {
  const mine = items.filter((_, i) => i % bins === bin);
  const fallback = items[bin % Math.max(1, items.length)];
  return mine.length > 0 || fallback === undefined ? mine : [fallback];
}

function paidMonths(household: HouseholdPlan, fromMonth: number, months: number): number {
  const until = household.deregisterMonth ?? months;
  return Math.max(0, until - fromMonth);
}

function householdAllocation(
  ctx: FundContext, fund: FundPlan, village: VillagePlan, coverage: number,
): AllocationPlan {
  const monthlyFen = fund.category.monthlyFen ?? 10_000;
  const enrolled = (ctx.householdsByVillage[village.index] ?? []).filter(
    (h) => unitOf(ctx.options.seed, 'enrol', h.index, fund.index) < ENROLLED_SHARE / coverage);
  const allocatedOn = addDays(fund.receivedOn, 3);
  const fromMonth = monthIndex(ctx.options.startDate, allocatedOn);
  const due = enrolled.reduce((sum, h) => sum + paidMonths(h, fromMonth, ctx.options.months), 0);
  const amountFen = Math.max(monthlyFen, Math.ceil(monthlyFen * due * 1.02));
  return {
    id: `${fund.id}-a${String(fund.allocations.length + 1).padStart(3, '0')}`,
    kind: 'household', village, target: { type: 'village', id: village.code }, allocatedOn,
    amountFen, perHouseholdCapFen: Math.floor((monthlyFen * 3) / 2), monthlyFen, enrolled,
    disbursements: [], extraPayments: [], returnLeftover: ctx.rng.chance(0.5),
  };
}

function tranche(
  allocation: AllocationPlan, n: number, amountFen: number, paidOn: string | undefined,
  payee: PayeePlan, endDate: string,
): void {
  if (paidOn === undefined || paidOn >= endDate || amountFen <= 0) return;
  allocation.disbursements.push({ id: `${allocation.id}-d${n}`, amountFen, paidOn, payee });
}

function villageAllocation(ctx: FundContext, fund: FundPlan, village: VillagePlan):
AllocationPlan {
  const allocatedOn = addDays(fund.receivedOn, ctx.rng.int(3, 10));
  const amountFen = ctx.rng.int(VILLAGE_ALLOCATION_MILLIONS_MIN, 60) * 1_000_000;
  const id = `${fund.id}-a${String(fund.allocations.length + 1).padStart(3, '0')}`;
  const allocation: AllocationPlan = {
    id, kind: 'village', village, target: { type: 'village', id: village.code }, allocatedOn,
    amountFen, monthlyFen: 0, enrolled: [], disbursements: [], extraPayments: [],
    returnLeftover: false,
  };
  const payee: PayeePlan = ctx.rng.chance(0.3)
    ? { type: 'village', id: village.code, name: `${village.name}村民委员会` }
    : { type: 'contractor', id: `ct-${id}`, name: ctx.rng.pick(CONTRACTOR_NAMES) };
  const end = ctx.endDate;
  const first = Math.floor(amountFen * 0.4);
  const second = Math.floor(amountFen * 0.3);
  tranche(allocation, 1, first, addDays(allocatedOn, ctx.rng.int(20, 40)), payee, end);
  tranche(allocation, 2, second, addDays(allocatedOn, ctx.rng.int(90, 120)), payee, end);
  tranche(allocation, 3, amountFen - first - second, addDays(allocatedOn, ctx.rng.int(150, 200)),
    payee, end);
  return allocation;
}

function projectAllocation(ctx: FundContext, fund: FundPlan, project: ProjectPlan):
AllocationPlan {
  const registeredNext = addDays(project.registeredOn, 1);
  const fundReady = addDays(fund.receivedOn, 5);
  const allocatedOn = registeredNext > fundReady ? registeredNext : fundReady;
  const id = `${fund.id}-a${String(fund.allocations.length + 1).padStart(3, '0')}`;
  const allocation: AllocationPlan = {
    id, kind: 'project', village: project.village, target: { type: 'project', id: project.id },
    allocatedOn, amountFen: project.budgetFen, monthlyFen: 0, enrolled: [], disbursements: [],
    extraPayments: [], returnLeftover: false,
  };
  const payee: PayeePlan = { type: 'project', id: project.id, name: project.name };
  const stage = (index: number, days: number): string | undefined => {
    const on = project.stageDates[index];
    return on === undefined ? undefined : addDays(on, days);
  };
  const budget = project.budgetFen;
  const first = Math.floor(budget * 0.3);
  const second = Math.floor(budget * 0.5);
  tranche(allocation, 1, first, stage(TENDERING, 5), payee, ctx.endDate);
  tranche(allocation, 2, second, stage(CONSTRUCTION, 10), payee, ctx.endDate);
  tranche(allocation, 3, budget - first - second, stage(ACCEPTANCE, 5), payee, ctx.endDate);
  return allocation;
}

export interface FundContext {
  options: ResolvedCountyOptions;
  rng: Rng;
  endDate: string;
  villages: VillagePlan[];
  householdsByVillage: HouseholdPlan[][];
  projects: ProjectPlan[];
}

function newFund(ctx: FundContext, index: number): FundPlan {
  const category = FUND_CATEGORIES[index % FUND_CATEGORIES.length] as FundCategory;
  const level = FUND_LEVEL_CYCLE[Math.floor(index / FUND_CATEGORIES.length) % 4] ?? 'county';
  const batch = Math.floor(index / FUND_CATEGORIES.length) + 1;
  const fiscalYear = Number(ctx.options.startDate.slice(0, 4));
  const month = category.kind === 'household' ? 0 : ctx.rng.int(0, Math.min(1,
    ctx.options.months - 1));
  return {
    index, id: `f-${ctx.options.countyCode}-${String(index + 1).padStart(4, '0')}`,
    name: `${fiscalYear}年${category.category}第${batch}批`, category, level, fiscalYear,
    receivedOn: dayOfMonth(ctx.options.startDate, month, ctx.rng.int(1, 4)), amountFen: 0,
    allocations: [], returnUnallocatedFen: 0,
  };
}

/** Plans every fund; sprinkles of suspicious facts are added afterwards. */
export function planFunds(ctx: FundContext): FundPlan[] {
  const funds = Array.from({ length: ctx.options.funds }, (_, i) => newFund(ctx, i));
  const byKind = (kind: FundKind): FundPlan[] => funds.filter((f) => f.category.kind === kind);
  const projectFunds = byKind('project');
  ctx.projects.forEach((project, k) => {
    const fund = projectFunds[k % Math.max(1, projectFunds.length)];
    if (fund) fund.allocations.push(projectAllocation(ctx, fund, project));
  });
  // A project fund with no project to pay spends on villages, as a village fund would.
  const villageFunds = [...byKind('village'), ...projectFunds.filter(
    (f) => f.allocations.length === 0)];
  villageFunds.forEach((fund, j) => {
    for (const village of spreadOver(ctx.villages, villageFunds.length, j)) {
      fund.allocations.push(villageAllocation(ctx, fund, village));
    }
  });
  const householdFunds = byKind('household');
  const coverage = new Map<number, number>();
  const covered = householdFunds.map((_, j) => spreadOver(ctx.villages, householdFunds.length, j));
  covered.flat().forEach((v) => coverage.set(v.index, (coverage.get(v.index) ?? 0) + 1));
  householdFunds.forEach((fund, j) => {
    for (const village of covered[j] ?? []) {
      fund.allocations.push(householdAllocation(ctx, fund, village, coverage.get(village.index)
        ?? 1));
    }
  });
  return funds;
}

/** Sets each fund's receipt to its allocations plus an unallocated margin. */
export function settleFundAmounts(funds: FundPlan[], seed: number): void {
  for (const fund of funds) {
    const rng = mulberry32(seed ^ (0x0f0f_0000 + fund.index));
    const allocated = fund.allocations.reduce((sum, a) => sum + a.amountFen, 0);
    const marginFen = Math.max(100_000, Math.round((allocated * rng.int(3, 8)) / 100));
    fund.amountFen = allocated + marginFen;
    fund.returnUnallocatedFen = fund.index % 10 === 0 ? Math.floor(marginFen / 2) : 0;
  }
}

export function endDateOf(options: ResolvedCountyOptions): string {
  return monthStart(options.startDate, options.months);
}
