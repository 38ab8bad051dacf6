import { ASSET_KINDS, PROJECT_STAGES } from '@sunshine/domain';
import { addDays, monthStart } from './dates';
import type { ResolvedCountyOptions } from './options';
import type { ProjectPlan } from './plan-projects';
import type { SuspiciousFact } from './plan-sprinkles';

/**
 * Project assets (扶贫资产, SPEC §13): a project registers its asset a few days after its
 * completion. A planted project never does, and ASSET_NOT_REGISTERED finds it 91 days after
 * its acceptance.
 */

export const ASSET_AFTER_COMPLETION_DAYS = 5;
export const ASSET_REGISTRATION_DAYS = 90;
/** The asset is booked at this share of the project's budget, in per mille. */
const ASSET_VALUE_PER_MILLE = 800;
const COMPLETION = PROJECT_STAGES.indexOf('completion');
const ACCEPTANCE = PROJECT_STAGES.indexOf('acceptance');

export function planAsset(
  project: ProjectPlan,
  missing: boolean,
  options: ResolvedCountyOptions,
): SuspiciousFact | undefined {
  const completed = project.stageDates[COMPLETION];
  if (completed === undefined) return undefined;
  if (missing) {
    const accepted = project.stageDates[ACCEPTANCE];
    if (accepted === undefined) return undefined;
    return { rule: 'ASSET_NOT_REGISTERED', subject: { type: 'project', id: project.id },
      note: 'accepted, and its assets never registered',
      detectableFrom: addDays(accepted, ASSET_REGISTRATION_DAYS + 1) };
  }
  const acquiredOn = addDays(completed, ASSET_AFTER_COMPLETION_DAYS);
  if (acquiredOn >= monthStart(options.startDate, options.months)) return undefined;
  project.events.push({ occurredOn: acquiredOn, event: { type: 'ProjectAssetRegistered', data: {
    assetId: `${project.id}-a1`,
    name: `${project.name}形成资产`,
    kind: ASSET_KINDS[project.index % ASSET_KINDS.length] ?? 'operating',
    valueFen: Math.floor((project.budgetFen * ASSET_VALUE_PER_MILLE) / 1000),
    ownerVillageCode: project.village.code,
    acquiredOn,
  } } });
  return undefined;
}
