import type {
  AllocationFact,
  HouseholdFact,
  PaymentFact,
  ProjectFact,
} from '../facts';
import type { PayeeDisbursement } from '../rules/split-payments';

/** Builders of facts for rule specs: sensible defaults, overridden per case. */

export const VILLAGE = '320826100201';
export const OTHER_VILLAGE = '320826100202';

export function allocation(over: Partial<AllocationFact> = {}): AllocationFact {
  return {
    fundId: 'f1',
    allocationId: 'a1',
    villageCode: VILLAGE,
    amountFen: 10_000_000,
    allocatedOn: '2024-01-10',
    eventId: 'ev-alloc',
    ...over,
  };
}

export function payment(over: Partial<PaymentFact> = {}): PaymentFact {
  return {
    fundId: 'f1',
    paymentId: 'p1',
    allocationId: 'a1',
    householdId: 'h1',
    amountFen: 100_000,
    paidOn: '2024-03-01',
    eventId: 'ev-p1',
    ...over,
  };
}

export function household(over: Partial<HouseholdFact> = {}): HouseholdFact {
  return {
    householdId: 'h1',
    villageCode: VILLAGE,
    members: 3,
    registeredOn: '2023-01-01',
    eventId: 'ev-h1',
    ...over,
  };
}

export function project(over: Partial<ProjectFact> = {}): ProjectFact {
  return {
    projectId: 'pr1',
    villageCode: VILLAGE,
    registeredOn: '2024-01-01',
    eventId: 'ev-pr1',
    stages: [],
    ...over,
  };
}

export function disbursement(over: Partial<PayeeDisbursement> = {}): PayeeDisbursement {
  return {
    fundId: 'f1',
    disbursementId: 'd1',
    allocationId: 'a1',
    payeeType: 'contractor',
    payeeId: 'c1',
    amountFen: 1_000_000,
    paidOn: '2024-03-01',
    eventId: 'ev-d1',
    villageCode: VILLAGE,
    ...over,
  };
}
