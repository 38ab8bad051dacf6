import { PROJECT_STAGES } from '@sunshine/domain';
import type { ResolvedCountyOptions } from './options';
import { endDateOf, planFunds, settleFundAmounts, type FundContext,
  type FundPlan } from './plan-funds';
import { planHouseholds, planRegions, type HouseholdPlan, type TownPlan,
  type VillagePlan } from './plan-people';
import { planProject, type ProjectPlan } from './plan-projects';
import { planAsset } from './plan-assets';
import { planCare, planHelpers, type HelperPlan } from './plan-care';
import { DISTRIBUTION_DAYS, earlyPaidProjects, STALL_DAYS, sprinkleCount, sprinkleFunds,
  sprinkleHouseholds,
  type SuspiciousFact } from './plan-sprinkles';
import { mulberry32 } from './prng';
import { addDays } from './dates';

/** Everything about a synthetic county that does not depend on the order of writing. */
export interface CountyPlan {
  options: ResolvedCountyOptions;
  county: TownPlan;
  towns: TownPlan[];
  villages: VillagePlan[];
  households: HouseholdPlan[];
  helpers: HelperPlan[];
  projects: ProjectPlan[];
  funds: FundPlan[];
  suspicious: SuspiciousFact[];
}

const CONSTRUCTION = PROJECT_STAGES.indexOf('construction');

function groupByVillage(villages: VillagePlan[], households: HouseholdPlan[]): HouseholdPlan[][] {
  const groups: HouseholdPlan[][] = villages.map(() => []);
  for (const household of households) groups[household.village.index]?.push(household);
  return groups;
}

function planProjects(
  options: ResolvedCountyOptions, villages: VillagePlan[], byVillage: HouseholdPlan[][],
  count: number,
): { projects: ProjectPlan[]; facts: SuspiciousFact[] } {
  const rng = mulberry32(options.seed ^ 0x7011_0001);
  const weak = villages.filter((v) => v.weak);
  const step = Math.max(3, Math.floor(options.projects / count));
  const projects: ProjectPlan[] = [];
  const facts: SuspiciousFact[] = [];
  for (let k = 0; k < options.projects; k += 1) {
    const village = weak.length > 0 && rng.chance(0.5) ? rng.pick(weak) : rng.pick(villages);
    const flags = { stalled: k % step === 1, undistributed: k % step === 2 };
    const project = planProject(k, village, byVillage[village.index] ?? [], flags, options);
    projects.push(project);
    const missingAsset = planAsset(project, k % step === 3, options);
    if (missingAsset) facts.push(missingAsset);
    if (flags.stalled && project.stageDates[CONSTRUCTION] !== undefined) {
      facts.push({ rule: 'PROJECT_STALLED', subject: { type: 'project', id: project.id },
        note: 'stays in construction and never moves on',
        detectableFrom: addDays(project.stageDates[CONSTRUCTION] ?? '', STALL_DAYS + 1) });
    }
    const earned = project.events.find((e) => e.event.type === 'ProjectIncomeRecorded');
    if (flags.undistributed && earned) {
      facts.push({ rule: 'UNDISTRIBUTED_INCOME', subject: { type: 'project', id: project.id },
        note: 'records income and never distributes it',
        detectableFrom: addDays(earned.occurredOn, DISTRIBUTION_DAYS + 1) });
    }
  }
  return { projects, facts };
}

/**
 * The households of a county as `planCounty` plans them (names, villages, members,
 * registration dates), without the funds and projects: for measurements that need only the
 * register.
 */
export function countyHouseholds(options: ResolvedCountyOptions): HouseholdPlan[] {
  return planHouseholds(options, planRegions(options).villages);
}

export function planCounty(options: ResolvedCountyOptions): CountyPlan {
  const { county, towns, villages } = planRegions(options);
  const households = planHouseholds(options, villages);
  const byVillage = groupByVillage(villages, households);
  const count = sprinkleCount(villages.length);
  const householdSprinkles = sprinkleHouseholds(households, options.startDate, options.months,
    count);
  const careFacts = planCare(options, households);
  const { projects, facts: projectFacts } = planProjects(options, villages, byVillage, count);
  const ctx: FundContext = {
    options,
    rng: mulberry32(options.seed ^ 0x0f00_0001),
    endDate: endDateOf(options),
    villages,
    householdsByVillage: byVillage,
    projects,
    earlyProjects: earlyPaidProjects(projects, options.startDate, count),
  };
  const funds = planFunds(ctx);
  const fundFacts = sprinkleFunds(ctx, funds, householdSprinkles, count);
  settleFundAmounts(funds, options.seed);
  return {
    options, county, towns, villages, households, helpers: planHelpers(villages), projects, funds,
    suspicious: [...householdSprinkles.facts, ...careFacts, ...projectFacts, ...fundFacts],
  };
}
