import { PROJECT_STAGES, type AlertRule } from '@sunshine/domain';
import { addDays } from './dates';
import type { AllocationPlan, FundContext, FundPlan } from './plan-funds';
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
}

/** One of each kind of suspicious fact per this many villages (at least one of each). */
export const VILLAGES_PER_SPRINKLE = 150;
export const SPLIT_PART_FEN = 1_800_000;
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
  households: HouseholdPlan[], months: number, count: number,
): HouseholdSprinkles {
  const facts: SuspiciousFact[] = [];
  const clean = households.filter((h) => h.deregisterMonth === undefined);
  const falseExits = spreadPick(clean, count, 1);
  for (const household of falseExits) {
    household.falseExit = true;
    delete household.crossCheckMonth;
    facts.push({ rule: 'FALSE_EXIT', subject: { type: 'household', id: household.id },
      note: 'exits on income above the poverty line only because of a medical reimbursement' });
  }
  const ineligible = months >= 3 ? spreadPick(clean, count, 2) : [];
  for (const household of ineligible) {
    household.deregisterMonth = 1;
    household.falseExit = false;
  }
  for (const household of households) {
    const hit = household.crossCheckMonth;
    if (hit !== undefined && (household.deregisterMonth ?? Infinity) > hit) {
      facts.push({ rule: 'CROSS_CHECK_HIT', subject: { type: 'household', id: household.id },
        note: `cross-check hit (${household.crossCheckSource ?? 'other'})` });
    }
  }
  return { ineligible, facts };
}

function extraPayment(
  allocation: AllocationPlan, householdId: string, amountFen: number, month: number, day: number,
): string {
  const id = `${allocation.id}-x${allocation.extraPayments.length + 1}`;
  allocation.extraPayments.push({ id, householdId, amountFen, month, day });
  allocation.amountFen += amountFen;
  return id;
}

function paymentSprinkles(
  ctx: FundContext, allocations: AllocationPlan[], sprinkles: HouseholdSprinkles,
  count: number,
): SuspiciousFact[] {
  const facts: SuspiciousFact[] = [];
  const months = ctx.options.months;
  const payable = allocations.filter(
    (a) => a.enrolled.some((h) => h.deregisterMonth === undefined));
  for (let i = 0; i < count && payable.length > 0; i += 1) {
    const pick = (salt: number): AllocationPlan =>
      payable[(i * 7 + salt) % payable.length] as AllocationPlan;
    const dup = pick(0);
    const dupHousehold = dup.enrolled.find((h) => h.deregisterMonth === undefined);
    if (dupHousehold) {
      const id = extraPayment(dup, dupHousehold.id, dup.monthlyFen, Math.min(1, months - 1), 12);
      facts.push({ rule: 'DUPLICATE_PAYMENT', subject: { type: 'payment', id },
        note: `second payment to ${dupHousehold.id} within days` });
    }
    const over = pick(1);
    const overHousehold = over.enrolled.find((h) => h.deregisterMonth === undefined);
    if (overHousehold && over.perHouseholdCapFen !== undefined) {
      const id = extraPayment(over, overHousehold.id, over.perHouseholdCapFen + over.monthlyFen,
        Math.min(2, months - 1), 18);
      facts.push({ rule: 'OVER_STANDARD_PAYMENT', subject: { type: 'payment', id },
        note: 'payment above the per-household cap' });
    }
    const outside = pick(2);
    const stranger = ctx.householdsByVillage.find((list) =>
      list[0] !== undefined && list[0].village.index !== outside.village.index)?.[i];
    if (stranger && stranger.deregisterMonth === undefined) {
      const id = extraPayment(outside, stranger.id, outside.monthlyFen, Math.min(3, months - 1),
        20);
      facts.push({ rule: 'PAYMENT_OUTSIDE_TARGET_AREA', subject: { type: 'payment', id },
        note: `${stranger.id} lives outside ${outside.village.code}` });
    }
  }
  for (const household of sprinkles.ineligible) {
    const allocation = allocations.find((a) => a.village.index === household.village.index);
    if (!allocation) continue;
    const id = extraPayment(allocation, household.id, allocation.monthlyFen, 2, 14);
    facts.push({ rule: 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD', subject: { type: 'payment', id },
      note: `${household.id} was deregistered the month before` });
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
      note: 'allocated and never spent' });
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
    facts.push({ rule: 'SPLIT_PAYMENTS', subject: { type: 'payee', id: payee.id },
      note: 'three disbursements below the threshold within a week' });
  }
  return facts;
}

function projectSprinkles(allocations: AllocationPlan[], projects: ProjectPlan[], count: number):
SuspiciousFact[] {
  const facts: SuspiciousFact[] = [];
  const byId = new Map(projects.map((p) => [p.id, p]));
  let added = 0;
  for (const allocation of allocations) {
    if (added >= count) break;
    const project = byId.get(allocation.target.id);
    const paidOn = addDays(allocation.allocatedOn, 1);
    if (!project || stageOn(project, paidOn) >= APPROVAL) continue;
    const amountFen = Math.floor(project.budgetFen * 0.05);
    allocation.disbursements.push({ id: `${allocation.id}-e1`, amountFen, paidOn,
      payee: { type: 'project', id: project.id, name: project.name } });
    allocation.amountFen += amountFen;
    facts.push({ rule: 'DISBURSEMENT_BEFORE_APPROVAL', subject: { type: 'disbursement',
      id: `${allocation.id}-e1` }, note: `paid to ${project.id} before approval` });
    added += 1;
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
    ...projectSprinkles(ofKind('project'), ctx.projects, count),
  ];
}
