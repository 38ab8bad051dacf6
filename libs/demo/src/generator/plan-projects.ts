import { PROJECT_STAGES, type DomainEvent } from '@sunshine/domain';
import { PROJECT_KINDS } from './catalog';
import { addDays, dayOfMonth, monthIndex, monthStart } from './dates';
import type { ResolvedCountyOptions } from './options';
import type { HouseholdPlan, VillagePlan } from './plan-people';
import { deterministicSha256Hex, mulberry32, type Rng } from './prng';

/** Projects and their whole planned histories (they are few, so kept in memory). */

export interface PlannedEvent {
  event: DomainEvent;
  occurredOn: string;
}

export interface ProjectPlan {
  index: number;
  id: string;
  name: string;
  village: VillagePlan;
  budgetFen: number;
  registeredOn: string;
  /** Date each stage was reached (index into PROJECT_STAGES), within the horizon. */
  stageDates: string[];
  events: PlannedEvent[];
}

export const STAGE_DAYS_MIN = 20;
export const STAGE_DAYS_MAX = 40;
export const INCOME_SHARES_MAX = 5000;
const EARLY_START_DAYS = 150;
const ACCEPTANCE = PROJECT_STAGES.indexOf('acceptance');
const CONSTRUCTION = PROJECT_STAGES.indexOf('construction');
const INCOME_DISTRIBUTION = PROJECT_STAGES.indexOf('income_distribution');

export interface ProjectFlags {
  /** Never leaves construction, so PROJECT_STALLED fires once 180 days pass. */
  stalled: boolean;
  /** Records income and never distributes it (UNDISTRIBUTED_INCOME). */
  undistributed: boolean;
}

function stageEvent(seed: number, id: string, stage: number, on: string): PlannedEvent {
  const name = PROJECT_STAGES[stage] ?? 'survey';
  return {
    occurredOn: on,
    event: {
      type: 'ProjectStageAdvanced',
      data: {
        stage: name,
        advancedOn: on,
        evidence: [{ docId: `${id}-${name}`, sha256: deterministicSha256Hex(seed, id, name) }],
      },
    },
  };
}

function incomeEvents(
  plan: ProjectPlan,
  households: HouseholdPlan[],
  flags: ProjectFlags,
  options: ResolvedCountyOptions,
  rng: Rng,
): PlannedEvent[] {
  const accepted = plan.stageDates[ACCEPTANCE];
  if (accepted === undefined) return [];
  const endDate = monthStart(options.startDate, options.months);
  const events: PlannedEvent[] = [];
  let distributionStarted = false;
  for (let earnedOn = addDays(accepted, 20); earnedOn < endDate; earnedOn = addDays(earnedOn, 30)) {
    const amountFen = Math.round((plan.budgetFen * rng.int(5, 10)) / 1000);
    events.push({ occurredOn: earnedOn, event: { type: 'ProjectIncomeRecorded',
      data: { amountFen, earnedOn } } });
    const distributedOn = flags.undistributed ? addDays(earnedOn, 5) : addDays(earnedOn, 10);
    if (distributedOn >= endDate) break;
    if (!distributionStarted) {
      distributionStarted = true;
      plan.stageDates[INCOME_DISTRIBUTION] = distributedOn;
      events.push(stageEvent(options.seed, plan.id, INCOME_DISTRIBUTION, distributedOn));
    }
    if (flags.undistributed) continue;
    const month = monthIndex(options.startDate, distributedOn);
    const eligible = households
      .filter((h) => h.deregisterMonth === undefined || h.deregisterMonth > month)
      .slice(0, Math.min(INCOME_SHARES_MAX, amountFen));
    if (eligible.length === 0) continue;
    const each = Math.floor(amountFen / eligible.length);
    const shares = eligible.map((h, i) => ({
      householdId: h.id,
      amountFen: i === 0 ? amountFen - each * (eligible.length - 1) : each,
    }));
    events.push({ occurredOn: distributedOn, event: { type: 'ProjectIncomeDistributed',
      data: { distributedOn, shares } } });
  }
  return events;
}

export function planProject(
  index: number,
  village: VillagePlan,
  villageHouseholds: HouseholdPlan[],
  flags: ProjectFlags,
  options: ResolvedCountyOptions,
): ProjectPlan {
  const rng = mulberry32(options.seed ^ (0x9e37_79b9 + index));
  const kind = rng.pick(PROJECT_KINDS);
  // The planted stalled and undistributed projects began the year before, so that their
  // waiting periods run out within a year of generated history.
  const registeredOn = flags.stalled || flags.undistributed
    ? addDays(options.startDate, -EARLY_START_DAYS)
    : dayOfMonth(options.startDate, rng.int(0, Math.min(2, options.months - 1)), rng.int(1, 10));
  const endDate = monthStart(options.startDate, options.months);
  const id = `p-${options.countyCode}-${String(index + 1).padStart(4, '0')}`;
  const plan: ProjectPlan = {
    index, id, name: `${village.name}${kind}项目`, village,
    budgetFen: rng.int(50, 500) * 1_000_000, registeredOn, stageDates: [registeredOn], events: [],
  };
  plan.events.push({ occurredOn: registeredOn, event: { type: 'ProjectRegistered', data: {
    name: plan.name, villageCode: village.code, kind, budgetFen: plan.budgetFen, registeredOn,
  } } });
  const lastStage = flags.stalled ? CONSTRUCTION : ACCEPTANCE;
  let on = registeredOn;
  for (let stage = 1; stage <= lastStage; stage += 1) {
    on = addDays(on, rng.int(STAGE_DAYS_MIN, STAGE_DAYS_MAX));
    if (on >= endDate) break;
    plan.stageDates[stage] = on;
    plan.events.push(stageEvent(options.seed, id, stage, on));
  }
  plan.events.push(...incomeEvents(plan, villageHouseholds, flags, options, rng));
  return plan;
}

/** The stage index a project has reached on a date (−1 before it is registered). */
export function stageOn(plan: ProjectPlan, date: string): number {
  let reached = -1;
  plan.stageDates.forEach((on, stage) => {
    if (on <= date) reached = stage;
  });
  return reached;
}
