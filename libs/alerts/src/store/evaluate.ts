import { addDays, type DomainEvent } from '@sunshine/domain';
import type { AlertRuleParams } from '../config';
import type { AlertCandidate } from '../candidate';
import type { AllocationFact, DisbursementFact, HouseholdFact, PaymentFact } from '../facts';
import {
  crossCheckHit,
  disbursementBeforeApproval,
  duplicatePayment,
  falseExit,
  overStandardPayment,
  paymentOutsideTargetArea,
  paymentToIneligibleHousehold,
  publicReport,
  SPLIT_LOOKAHEAD_DAYS,
  SPLIT_LOOKBEHIND_DAYS,
  splitPayments,
  type PayeeDisbursement,
} from '../rules';
import type { BatchFactCache } from './fact-cache';
import {
  loadDisbursementsToProject,
  loadPayeeDisbursements,
  loadPaymentsToHousehold,
  loadProject,
  loadRepeatCandidates,
} from './fact-reader';
import type { Queryable } from './sql';

/**
 * A finding that rests on the absence of a fact from another stream (no registration yet, no
 * approval yet) must be confirmed against the event store before it is raised: over Kafka
 * that fact may simply not have arrived. The confirmation re-runs the same rule with the
 * stream as the store holds it.
 */
export type Confirmation =
  | { kind: 'household'; householdId: string; payment: PaymentFact; allocation: AllocationFact }
  | {
      kind: 'project';
      projectId: string;
      disbursement: DisbursementFact;
      allocation: AllocationFact;
    };

export interface Finding {
  candidate: AlertCandidate;
  confirm?: Confirmation;
}

const plain = (candidates: AlertCandidate[]): Finding[] =>
  candidates.map((c) => ({ candidate: c }));

/** Runs the event-driven rules that an event (already applied to the facts) may trigger. */
export async function evaluateEvent(
  facts: BatchFactCache,
  event: DomainEvent,
  eventId: string,
  entityId: string,
  params: AlertRuleParams,
): Promise<Finding[]> {
  const db = facts.db;
  switch (event.type) {
    case 'HouseholdPaid':
      return evaluatePayment(facts, { ...event.data, fundId: entityId, eventId });
    case 'FundDisbursed': {
      const { payee, ...rest } = event.data;
      const disbursement = { ...rest, fundId: entityId, eventId, payeeType: payee.type,
        payeeId: payee.id };
      return evaluateDisbursement(facts, disbursement, params);
    }
    case 'HouseholdRegistered':
    case 'HouseholdDeregistered':
      return reevaluateHouseholdPayments(facts, entityId);
    case 'HouseholdExitedPoverty': {
      const household = await facts.household(entityId);
      if (!household) return [];
      const exit = { exitedOn: event.data.exitedOn, eventId };
      return plain(falseExit(exit, household, params.povertyLineFen));
    }
    case 'CrossCheckHitRecorded': {
      const household = await facts.household(entityId);
      return household ? plain(crossCheckHit({ ...event.data, eventId }, household)) : [];
    }
    case 'ProjectRegistered':
    case 'ProjectStageAdvanced':
      return reevaluateProjectDisbursements(db, entityId);
    case 'PublicReportReceived': {
      const { regionCode, receivedOn } = event.data;
      return plain(publicReport({ reportId: entityId, regionCode, receivedOn, eventId }));
    }
    default:
      return [];
  }
}

async function evaluatePayment(facts: BatchFactCache, payment: PaymentFact): Promise<Finding[]> {
  return evaluatePaymentWith(facts, payment, () => loadRepeatCandidates(facts.db, payment));
}

/** The payment rules, given where the payments that could repeat this one come from. */
export async function evaluatePaymentWith(
  facts: BatchFactCache,
  payment: PaymentFact,
  repeatCandidates: () => Promise<PaymentFact[]>,
): Promise<Finding[]> {
  const allocation = await facts.allocation(payment.fundId, payment.allocationId);
  if (!allocation) return [];
  const household = await facts.household(payment.householdId);
  const others = await repeatCandidates();
  return [
    ...householdFindings(payment, allocation, household),
    ...plain(duplicatePayment(payment, allocation, others)),
    ...plain(overStandardPayment(payment, allocation)),
  ];
}

function householdFindings(
  payment: PaymentFact,
  allocation: AllocationFact,
  household: HouseholdFact | undefined,
): Finding[] {
  const confirm: Confirmation = {
    kind: 'household',
    householdId: payment.householdId,
    payment,
    allocation,
  };
  return [
    ...paymentToIneligibleHousehold(payment, allocation, household).map((candidate) => ({
      candidate,
      confirm,
    })),
    ...plain(paymentOutsideTargetArea(payment, allocation, household)),
  ];
}

async function reevaluateHouseholdPayments(
  facts: BatchFactCache,
  householdId: string,
): Promise<Finding[]> {
  const household = await facts.household(householdId);
  const payments = await loadPaymentsToHousehold(facts.db, householdId);
  const findings: Finding[] = [];
  for (const payment of payments) {
    const allocation = await facts.allocation(payment.fundId, payment.allocationId);
    if (allocation) findings.push(...householdFindings(payment, allocation, household));
  }
  return findings;
}

async function evaluateDisbursement(
  facts: BatchFactCache,
  disbursement: DisbursementFact,
  params: AlertRuleParams,
): Promise<Finding[]> {
  const db = facts.db;
  const allocation = await facts.allocation(disbursement.fundId, disbursement.allocationId);
  if (!allocation) return [];
  const trigger: PayeeDisbursement = { ...disbursement, villageCode: allocation.villageCode };
  const history = await loadPayeeDisbursements(
    db,
    { type: disbursement.payeeType, id: disbursement.payeeId },
    addDays(disbursement.paidOn, -SPLIT_LOOKBEHIND_DAYS),
    addDays(disbursement.paidOn, SPLIT_LOOKAHEAD_DAYS),
  );
  const findings = plain(splitPayments(trigger, history, params.splitThresholdFen));
  if (disbursement.payeeType === 'project') {
    const project = await loadProject(db, disbursement.payeeId);
    findings.push(...approvalFindings(disbursement, allocation, project));
  }
  return findings;
}

function approvalFindings(
  disbursement: DisbursementFact,
  allocation: AllocationFact,
  project: Awaited<ReturnType<typeof loadProject>>,
): Finding[] {
  const confirm: Confirmation = {
    kind: 'project',
    projectId: disbursement.payeeId,
    disbursement,
    allocation,
  };
  return disbursementBeforeApproval(disbursement, allocation, project).map((candidate) => ({
    candidate,
    confirm,
  }));
}

async function reevaluateProjectDisbursements(
  db: Queryable,
  projectId: string,
): Promise<Finding[]> {
  const project = await loadProject(db, projectId);
  const rows = await loadDisbursementsToProject(db, projectId);
  return rows.flatMap(({ disbursement, allocation }) =>
    approvalFindings(disbursement, allocation, project),
  );
}
