import { daysBetween } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';
import { stageAt, type ProjectFact } from '../facts';

/**
 * PROJECT_STALLED: a project has stayed in one stage before `income_distribution` for more
 * than `stallDays`. A cancelled project is no longer expected to move. The cause names the
 * stage and the day it was entered, so each stall is reported once.
 */
export function projectStalled(
  project: ProjectFact,
  asOf: string,
  stallDays: number,
): AlertCandidate[] {
  if (project.cancelledOn !== undefined && project.cancelledOn <= asOf) return [];
  const current = stageAt(project, asOf);
  if (!current || current.stage === 'income_distribution') return [];
  if (daysBetween(current.since, asOf) <= stallDays) return [];
  const entered = project.stages.filter((s) => s.stage === current.stage && s.on === current.since);
  return [
    candidate('PROJECT_STALLED', {
      subject: { type: 'project', id: project.projectId },
      regionCode: project.villageCode,
      evidence: [project.eventId, ...entered.map((s) => s.eventId)],
      detectedOn: asOf,
      cause: `stage:${current.stage}:since:${current.since}`,
    }),
  ];
}
