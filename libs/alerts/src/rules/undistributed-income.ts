import { daysBetween } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';
import type { ProjectFact, ProjectIncomeFact } from '../facts';

/**
 * UNDISTRIBUTED_INCOME: project income earned more than `distributionDays` before the scan
 * that distributions (dated up to the scan) have not covered. Distributions pay the oldest
 * income first; the first uncovered overdue income record is the cause, so repeated scans
 * report one alert until it is paid.
 */
export function undistributedIncome(
  project: ProjectFact,
  incomes: readonly ProjectIncomeFact[],
  asOf: string,
  distributionDays: number,
): AlertCandidate[] {
  let distributedFen = incomes
    .filter((i) => i.kind === 'distributed' && i.on <= asOf)
    .reduce((sum, i) => sum + i.amountFen, 0);
  const earned = incomes
    .filter((i) => i.kind === 'earned' && i.on <= asOf)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const overdue: ProjectIncomeFact[] = [];
  let overdueFen = 0;
  for (const income of earned) {
    const covered = Math.min(distributedFen, income.amountFen);
    distributedFen -= covered;
    const open = income.amountFen - covered;
    if (open > 0 && daysBetween(income.on, asOf) > distributionDays) {
      overdue.push(income);
      overdueFen += open;
    }
  }
  const first = overdue[0];
  if (!first) return [];
  return [
    candidate('UNDISTRIBUTED_INCOME', {
      subject: { type: 'project', id: project.projectId },
      regionCode: project.villageCode,
      amountFen: overdueFen,
      evidence: overdue.map((i) => i.eventId),
      detectedOn: asOf,
      cause: `income:${first.eventId}`,
    }),
  ];
}
