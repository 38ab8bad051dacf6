import { PROJECT_STAGES, type AlertRule } from '@sunshine/domain';
import { addDays, dayOfMonth, isQuarterEnd } from './dates';
import { CROSS_CHECK_DAY, EXIT_DAY } from './emit-households';
import { PAYMENT_DAY, type AllocationPlan, type FundContext, type FundPlan } from './plan-funds';
import type { HouseholdPlan } from './plan-people';
import { stageOn, type ProjectPlan } from './plan-projects';

/**
 * A sprinkle of suspicious facts, so that every alert rule has something to find. Each is
 * listed as a SuspiciousFact naming the rule and the subject it should be raised on.
 */

export interface SuspiciousFact {
  rule: AlertRule;
  subject: { type: string; id: string };
  note: string;
  /**
   * The first business date on which the rule can find it: the event's own date for the
   * rules run on each event, the day the waiting period is over for the time rules.
   */
  detectableFrom: string;
}

/** Waiting periods of the time rules (SPEC §6 defaults), plus the day that passes them. */
export const IDLE_DAYS = 90;
export const STALL_DAYS = 180;
export const DISTRIBUTION_DAYS = 180;

/** One of each kind of suspicious fact per this many villages (at least one of each). */
export const VILLAGES_PER_SPRINKLE = 150;
export const SPLIT_PART_FEN = 1_800_000;
/** A household deregistered in month 1 is paid in this month anyway. */
const INELIGIBLE_PAYMENT_MONTH = 2;
const EARLY_APPROVAL_DAYS_MIN = 60;
const APPROVAL = PROJECT_STAGES.indexOf('approval');

export function sprinkleCount(villages: number): number {
  return Math.max(1, Math.round(villages / VILLAGES_PER_SPRINKLE));
}

/** Households spread evenly over the county, never the same one twice. */
function spreadPick(households: HouseholdPlan[], count: number, offset: number):
HouseholdPlan[] {
  if (households.length === 0) return [];
  const step = Math.max(1, Math.floor(households.length / count));
  const picked: HouseholdPlan[] = [];
  for (let i = 0; i < count && i * step + offset < households.length; i += 1) {
    const household = households[i * step + offset];
    if (household) picked.push(household);
  }
  return picked;
}

export interface HouseholdSprinkles {
  /** Deregistered in month 1 and paid in month 2 anyway. */
  ineligible: HouseholdPlan[];
  facts: SuspiciousFact[];
}

export function sprinkleHouseholds(
  households: HouseholdPlan[], startDate: string, months: number, count: number,
): HouseholdSprinkles {
  const facts: SuspiciousFact[] = [];
  const firstQuarterEnd = Array.from({ length: months }, (_, m) => m)
    .find((m) => isQuarterEnd(dayOfMonth(startDate, m, 1)));
  const firstExitOn = dayOfMonth(startDate, firstQuarterEnd ?? 0, EXIT_DAY);
  const clean = households.filter((h) => h.deregisterMonth === undefined);
  const falseExits = spreadPick(clean, count, 1);
  for (const household of falseExits) {
    household.falseExit = true;
    delete household.crossCheckMonth;
    facts.push({ rule: 'FALSE_EXIT', subject: { type: 'household', id: household.id },
      note: 'exits on income above the poverty line only because of a medical reimbursement',
      detectableFrom: firstExitOn });
  }
  const ineligible = months > INELIGIBLE_PAYMENT_MONTH ? spreadPick(clean, count, 2) : [];
  for (const household of ineligible) {
    household.deregisterMonth = INELIGIBLE_PAYMENT_MONTH - 1;
    household.falseExit = false;
  }
  for (const household of households) {
    const hit = household.crossCheckMonth;
    if (hit !== undefined && (household.deregisterMonth ?? Infinity) > hit) {
      facts.push({ rule: 'CROSS_CHECK_HIT', subject: { type: 'household', id: household.id },
        note: `cross-check hit (${household.crossCheckSource ?? 'other'})`,
        detectableFrom: dayOfMonth(startDate, hit, CROSS_CHECK_DAY) });
    }
  }
  return { ineligible, facts };
}

function paidOn(ctx: FundContext, allocation: AllocationPlan, day: number): string {
  return dayOfMonth(ctx.options.startDate, allocation.month ?? 0, day);
}

function extraPayment(
  allocation: AllocationPlan, householdId: string, amountFen: number, day: number,
): string {
  const id = `${allocation.id}-x${allocation.extraPayments.length + 1}`;
  allocation.extraPayments.push({ id, householdId, amountFen, month: allocation.month ?? 0, day });
  allocation.amountFen += amountFen;
  return id;
}

/** The i-th household allocation funding `month`, cycling through the villages. */
function allocationOf(allocations: AllocationPlan[], month: number, i: number):
AllocationPlan | undefined {
  const ofMonth = allocations.filter((a) => a.month === month);
  return ofMonth[(i * 7) % Math.max(1, ofMonth.length)];
}

function paymentSprinkles(
  ctx: FundContext, allocations: AllocationPlan[], sprinkles: HouseholdSprinkles,
  count: number,
): SuspiciousFact[] {
  const facts: SuspiciousFact[] = [];
  const last = ctx.options.months - 1;
  const regular = (a: AllocationPlan | undefined) =>
    a?.paid.find((h) => h.deregisterMonth === undefined);
  for (let i = 0; i < count; i += 1) {
    const dup = allocationOf(allocations, Math.min(1, last), i);
    const dupHousehold = regular(dup);
    if (dup && dupHousehold) {
      const id = extraPayment(dup, dupHousehold.id, dup.monthlyFen, PAYMENT_DAY + 2);
      facts.push({ rule: 'DUPLICATE_PAYMENT', subject: { type: 'payment', id },
        note: `second payment to ${dupHousehold.id} from ${dup.id} two days after the first`,
        detectableFrom: paidOn(ctx, dup, PAYMENT_DAY + 2) });
    }
    const over = allocationOf(allocations, Math.min(2, last), i + 1);
    const overHousehold = regular(over);
    if (over && overHousehold && over.perHouseholdCapFen !== undefined) {
      const id = extraPayment(over, overHousehold.id, over.perHouseholdCapFen + over.monthlyFen,
        PAYMENT_DAY + 8);
      facts.push({ rule: 'OVER_STANDARD_PAYMENT', subject: { type: 'payment', id },
        note: 'payment above the per-household cap',
        detectableFrom: paidOn(ctx, over, PAYMENT_DAY + 8) });
    }
    const outside = allocationOf(allocations, Math.min(3, last), i + 2);
    const stranger = outside && ctx.householdsByVillage
      .filter((list) => list[0] !== undefined && list[0].village.index !== outside.village.index)
      .map((list) => list.find((h) => h.deregisterMonth === undefined))[i];
    if (outside && stranger) {
      const id = extraPayment(outside, stranger.id, outside.monthlyFen, PAYMENT_DAY + 10);
      facts.push({ rule: 'PAYMENT_OUTSIDE_TARGET_AREA', subject: { type: 'payment', id },
        note: `${stranger.id} lives outside ${outside.village.code}`,
        detectableFrom: paidOn(ctx, outside, PAYMENT_DAY + 10) });
    }
  }
  for (const household of sprinkles.ineligible) {
    const allocation = allocations.find((a) => a.month === INELIGIBLE_PAYMENT_MONTH &&
      a.village.index === household.village.index);
    if (!allocation) continue;
    const id = extraPayment(allocation, household.id, allocation.monthlyFen, PAYMENT_DAY + 4);
    facts.push({ rule: 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD', subject: { type: 'payment', id },
      note: `${household.id} was deregistered the month before`,
      detectableFrom: paidOn(ctx, allocation, PAYMENT_DAY + 4) });
  }
  return facts;
}

function villageSprinkles(ctx: FundContext, allocations: AllocationPlan[], count: number):
SuspiciousFact[] {
  const facts: SuspiciousFact[] = [];
  for (let i = 0; i < count && allocations.length >= 2; i += 1) {
    const idle = allocations[(i * 2) % allocations.length] as AllocationPlan;
    idle.disbursements = [];
    facts.push({ rule: 'IDLE_ALLOCATION', subject: { type: 'allocation', id: idle.id },
      note: 'allocated and never spent',
      detectableFrom: addDays(idle.allocatedOn, IDLE_DAYS + 1) });
    const split = allocations[(i * 2 + 1) % allocations.length] as AllocationPlan;
    const payee = { type: 'contractor' as const, id: `ct-split-${split.id}`,
      name: '顺达劳务有限公司' };
    const first = addDays(split.allocatedOn, 10);
    if (addDays(first, 4) >= ctx.endDate) continue;
    for (let part = 0; part < 3; part += 1) {
      const amountFen = SPLIT_PART_FEN + part * 10_000;
      split.disbursements.push({ id: `${split.id}-s${part + 1}`, amountFen, payee,
        paidOn: addDays(first, part * 2) });
      split.amountFen += amountFen;
    }
    const subject = { type: 'payee', id: `${payee.type}:${payee.id}` };
    facts.push({ rule: 'SPLIT_PAYMENTS', subject,
      note: 'three disbursements below the threshold within a week',
      detectableFrom: addDays(first, 4) });
  }
  return facts;
}

/** Projects planted with a payment before approval; their money is allocated early. */
export function earlyPaidProjects(
  projects: ProjectPlan[], startDate: string, count: number,
): Set<string> {
  // Approval must come well after the money can arrive, or nothing could be paid before it.
  const notBefore = addDays(startDate, EARLY_APPROVAL_DAYS_MIN);
  const approved = projects.filter((p) => (p.stageDates[APPROVAL] ?? '') >= notBefore);
  return new Set(approved.slice(0, count).map((p) => p.id));
}

function projectSprinkles(allocations: AllocationPlan[], ctx: FundContext): SuspiciousFact[] {
  const facts: SuspiciousFact[] = [];
  const byId = new Map(ctx.projects.map((p) => [p.id, p]));
  for (const allocation of allocations) {
    const project = byId.get(allocation.target.id);
    const paidOn = addDays(allocation.allocatedOn, 1);
    if (!project || !ctx.earlyProjects.has(project.id)) continue;
    if (stageOn(project, paidOn) >= APPROVAL || paidOn >= ctx.endDate) continue;
    const amountFen = Math.floor(project.budgetFen * 0.05);
    const id = `${allocation.id}-e1`;
    allocation.disbursements.push({ id, amountFen, paidOn,
      payee: { type: 'project', id: project.id, name: project.name } });
    allocation.amountFen += amountFen;
    facts.push({ rule: 'DISBURSEMENT_BEFORE_APPROVAL', subject: { type: 'disbursement', id },
      note: `paid to ${project.id} before approval`, detectableFrom: paidOn });
  }
  return facts;
}

export function sprinkleFunds(
  ctx: FundContext, funds: FundPlan[], sprinkles: HouseholdSprinkles, count: number,
): SuspiciousFact[] {
  const all = funds.flatMap((f) => f.allocations);
  const ofKind = (kind: AllocationPlan['kind']): AllocationPlan[] =>
    all.filter((a) => a.kind === kind);
  return [
    ...paymentSprinkles(ctx, ofKind('household'), sprinkles, count),
    ...villageSprinkles(ctx, ofKind('village'), count),
    ...projectSprinkles(ofKind('project'), ctx),
  ];
}
