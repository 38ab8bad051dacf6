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

export interface ReturnPlan {
  id: string;
  amountFen: number;
  returnedOn: string;
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
  /** Household allocations fund one month's payments; this is that month. */
  month?: number;
  /** Households paid from a household allocation (registered through its month). */
  paid: HouseholdPlan[];
  disbursements: DisbursementPlan[];
  extraPayments: ExtraPaymentPlan[];
  returns: ReturnPlan[];
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
export const ALLOCATION_DAY = 5;
/** Share of village allocations that end with a small return of unspent money. */
const RETURN_SHARE = 0.2;
/**
 * Village allocations start at ¥170,000 so that each tranche (30% at least) stays above
 * the split-payment threshold of ¥50,000 and only the planted splits look split.
 */
const VILLAGE_ALLOCATION_MILLIONS_MIN = 17;
const APPROVAL = PROJECT_STAGES.indexOf('approval');
const TENDERING = PROJECT_STAGES.indexOf('tendering');
const CONSTRUCTION = PROJECT_STAGES.indexOf('construction');
const ACCEPTANCE = PROJECT_STAGES.indexOf('acceptance');

function spreadOver<T>(items: T[], bins: number, bin: number): T[] {
  const mine = items.filter((_, i) => i % bins === bin);
  const fallback = items[bin % Math.max(1, items.length)];
  return mine.length > 0 || fallback === undefined ? mine : [fallback];
}

function nextAllocationId(fund: FundPlan): string {
  return `${fund.id}-a${String(fund.allocations.length + 1).padStart(4, '0')}`;
}

/**
 * Household funds are allocated to each village month by month (按月拨付), exactly what
 * that month pays. One allocation per month keeps the monthly payments to a household from
 * looking like duplicates (same allocation, same amount within 30 days) and leaves nothing
 * idle once paid.
 */
function householdAllocations(
  ctx: FundContext, fund: FundPlan, village: VillagePlan, coverage: number,
): void {
  const monthlyFen = fund.category.monthlyFen ?? 10_000;
  const enrolled = (ctx.householdsByVillage[village.index] ?? []).filter(
    (h) => unitOf(ctx.options.seed, 'enrol', h.index, fund.index) < ENROLLED_SHARE / coverage);
  const firstMonth = monthIndex(ctx.options.startDate, fund.receivedOn);
  for (let month = firstMonth; month < ctx.options.months; month += 1) {
    const paid = enrolled.filter((h) => (h.deregisterMonth ?? Infinity) > month);
    if (paid.length === 0) continue;
    const allocatedOn = dayOfMonth(ctx.options.startDate, month, ALLOCATION_DAY);
    fund.allocations.push({
      id: nextAllocationId(fund), kind: 'household', village, month,
      target: { type: 'village', id: village.code }, allocatedOn,
      amountFen: monthlyFen * paid.length, perHouseholdCapFen: Math.floor((monthlyFen * 3) / 2),
      monthlyFen, paid, disbursements: [], extraPayments: [], returns: [],
    });
  }
}

function tranche(
  allocation: AllocationPlan, n: number, amountFen: number, paidOn: string | undefined,
  payee: PayeePlan, endDate: string,
): void {
  if (paidOn === undefined || amountFen <= 0) return;
  // A project that began before its money arrived is paid its arrears right after allocation.
  const due = paidOn > allocation.allocatedOn ? paidOn : addDays(allocation.allocatedOn, n);
  if (due >= endDate) return;
  allocation.disbursements.push({ id: `${allocation.id}-d${n}`, amountFen, paidOn: due, payee });
}

function villageAllocation(ctx: FundContext, fund: FundPlan, village: VillagePlan):
AllocationPlan {
  const allocatedOn = addDays(fund.receivedOn, ctx.rng.int(3, 10));
  const amountFen = ctx.rng.int(VILLAGE_ALLOCATION_MILLIONS_MIN, 60) * 1_000_000;
  const id = nextAllocationId(fund);
  const allocation: AllocationPlan = {
    id, kind: 'village', village, target: { type: 'village', id: village.code }, allocatedOn,
    amountFen, monthlyFen: 0, paid: [], disbursements: [], extraPayments: [], returns: [],
  };
  const payee: PayeePlan = ctx.rng.chance(0.3)
    ? { type: 'village', id: village.code, name: `${village.name}村民委员会` }
    : { type: 'contractor', id: `ct-${id}`, name: ctx.rng.pick(CONTRACTOR_NAMES) };
  // Tranches follow each other within 75 days, so a progressing allocation is never idle.
  const end = ctx.endDate;
  const first = Math.floor(amountFen * 0.4);
  const second = Math.floor(amountFen * 0.3);
  const returnFen = ctx.rng.chance(RETURN_SHARE) ? Math.floor(amountFen * 0.05) : 0;
  const firstOn = addDays(allocatedOn, ctx.rng.int(20, 40));
  const secondOn = addDays(firstOn, ctx.rng.int(45, 75));
  const thirdOn = addDays(secondOn, ctx.rng.int(45, 75));
  tranche(allocation, 1, first, firstOn, payee, end);
  tranche(allocation, 2, second, secondOn, payee, end);
  tranche(allocation, 3, amountFen - first - second - returnFen, thirdOn, payee, end);
  const returnedOn = addDays(thirdOn, 10);
  if (returnFen > 0 && returnedOn < end) {
    allocation.returns.push({ id: `${id}-r1`, amountFen: returnFen, returnedOn });
  }
  return allocation;
}

/**
 * Project money is allocated once the project is approved (or, for a planted early payment,
 * right after registration), so that it does not sit idle through the survey stages.
 */
function projectAllocation(ctx: FundContext, fund: FundPlan, project: ProjectPlan,
  early: boolean): AllocationPlan | undefined {
  const approvedOn = project.stageDates[APPROVAL];
  const trigger = early ? project.registeredOn : approvedOn;
  if (trigger === undefined) return undefined;
  const fundReady = addDays(fund.receivedOn, 5);
  const triggerNext = addDays(trigger, 1);
  const allocatedOn = triggerNext > fundReady ? triggerNext : fundReady;
  if (allocatedOn >= ctx.endDate) return undefined;
  const allocation: AllocationPlan = {
    id: nextAllocationId(fund), kind: 'project', village: project.village,
    target: { type: 'project', id: project.id }, allocatedOn, amountFen: project.budgetFen,
    monthlyFen: 0, paid: [], disbursements: [], extraPayments: [], returns: [],
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
  /** Projects whose money is allocated and partly paid before approval (a planted fact). */
  earlyProjects: Set<string>;
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
    receivedOn: dayOfMonth(ctx.options.startDate, month, ctx.rng.int(1, ALLOCATION_DAY - 1)),
    amountFen: 0,
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
    const allocation = fund && projectAllocation(ctx, fund, project,
      ctx.earlyProjects.has(project.id));
    if (fund && allocation) fund.allocations.push(allocation);
  });
  // A project fund with no project to pay spends on villages, as a village fund would.
  const villageFunds = [...byKind('village'), ...projectFunds.slice(ctx.projects.length)];
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
      householdAllocations(ctx, fund, village, coverage.get(village.index) ?? 1);
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
