import { daysBetween } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';
import type { ProjectFact } from '../facts';

/** A project must register its assets within this many days of its acceptance. */
export const ASSET_REGISTRATION_DAYS = 90;

/**
 * ASSET_NOT_REGISTERED (SPEC §13): a project accepted (验收) more than 90 days before the
 * scan that has registered no asset. A cancelled project is no longer expected to.
 */
export function assetNotRegistered(
  project: ProjectFact,
  assetCount: number,
  asOf: string,
): AlertCandidate[] {
  if (assetCount > 0) return [];
  if (project.cancelledOn !== undefined && project.cancelledOn <= asOf) return [];
  const accepted = project.stages.find((s) => s.stage === 'acceptance' && s.on <= asOf);
  if (!accepted || daysBetween(accepted.on, asOf) <= ASSET_REGISTRATION_DAYS) return [];
  return [candidate('ASSET_NOT_REGISTERED', {
    subject: { type: 'project', id: project.projectId },
    regionCode: project.villageCode,
    evidence: [project.eventId, accepted.eventId],
    detectedOn: asOf,
    cause: `accepted:${accepted.on}`,
  })];
}
