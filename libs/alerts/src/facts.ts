import type { ProjectStage } from '@sunshine/domain';

/**
 * The facts the rules read, as plain values. The consumer keeps them in its own tables and
 * can also fold them from a stream of the event store, so a rule sees the same shape
 * whichever source answered.
 */

export interface AllocationFact {
  fundId: string;
  allocationId: string;
  villageCode: string;
  amountFen: number;
  allocatedOn: string;
  perHouseholdCapFen?: number;
  eventId: string;
}

export interface PaymentFact {
  fundId: string;
  paymentId: string;
  allocationId: string;
  householdId: string;
  amountFen: number;
  paidOn: string;
  eventId: string;
  /** The payment batch the payment belongs to (SPEC §11), if any. */
  batchId?: string;
}

/** A payment of a batch and its bank result, for PAYMENT_UNCONFIRMED. */
export interface BatchPaymentFact {
  fundId: string;
  paymentId: string;
  batchId: string;
  villageCode: string;
  amountFen: number;
  paidOn: string;
  /** The bank result's date, if one was recorded. */
  settledOn?: string;
  eventId: string;
}

export interface DisbursementFact {
  fundId: string;
  disbursementId: string;
  allocationId: string;
  payeeType: 'project' | 'village' | 'contractor';
  payeeId: string;
  amountFen: number;
  paidOn: string;
  eventId: string;
}

/**
 * Money leaving an allocation: a disbursement, a household payment or a return; or coming
 * back to it when the bank returns a payment (`payment_failed`, a negative amount).
 */
export interface MovementFact {
  kind: 'disbursement' | 'payment' | 'payment_failed' | 'return';
  amountFen: number;
  on: string;
  eventId: string;
}

export interface IncomeFact {
  period: string;
  totalFen: number;
  oneOffFen: number;
  eventId: string;
}

export interface HouseholdFact {
  householdId: string;
  villageCode: string;
  members: number;
  registeredOn: string;
  deregisteredOn?: string;
  eventId: string;
  latestIncome?: IncomeFact;
}

export interface StageFact {
  stage: ProjectStage;
  on: string;
  eventId: string;
}

export interface ProjectFact {
  projectId: string;
  villageCode: string;
  registeredOn: string;
  cancelledOn?: string;
  eventId: string;
  /** Stages reached by advancement, in stream order; `survey` at registration is implied. */
  stages: StageFact[];
}

export interface ProjectIncomeFact {
  kind: 'earned' | 'distributed';
  amountFen: number;
  on: string;
  eventId: string;
}

export interface FundFact {
  fundId: string;
  countyCode: string;
  amountFen: number;
  receivedOn: string;
}

/** The stage a project was in at the end of `date`, or undefined before its registration. */
export function stageAt(
  project: ProjectFact,
  date: string,
): { stage: ProjectStage; since: string } | undefined {
  if (project.registeredOn > date) return undefined;
  let current: { stage: ProjectStage; since: string } = {
    stage: 'survey',
    since: project.registeredOn,
  };
  for (const step of project.stages) {
    if (step.on <= date) current = { stage: step.stage, since: step.on };
  }
  return current;
}
