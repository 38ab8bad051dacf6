import { PROJECT_STAGES } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';
import { stageAt, type AllocationFact, type DisbursementFact, type ProjectFact } from '../facts';

const APPROVAL_INDEX = PROJECT_STAGES.indexOf('approval');

/**
 * DISBURSEMENT_BEFORE_APPROVAL: money disbursed to a project whose stage at paidOn is before
 * `approval` (including a project registered only after the payment). A payee id no project
 * registry knows is not judged here: there is no stage to compare.
 */
export function disbursementBeforeApproval(
  disbursement: DisbursementFact,
  allocation: AllocationFact,
  project: ProjectFact | undefined,
): AlertCandidate[] {
  if (disbursement.payeeType !== 'project' || !project) return [];
  const current = stageAt(project, disbursement.paidOn);
  if (current && PROJECT_STAGES.indexOf(current.stage) >= APPROVAL_INDEX) return [];
  return [
    candidate('DISBURSEMENT_BEFORE_APPROVAL', {
      subject: { type: 'disbursement', id: disbursement.disbursementId },
      regionCode: allocation.villageCode,
      amountFen: disbursement.amountFen,
      evidence: [disbursement.eventId, project.eventId],
      detectedOn: disbursement.paidOn,
      cause: `project:${project.projectId}`,
    }),
  ];
}
