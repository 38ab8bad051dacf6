import type { z } from 'zod';
import type { Decider } from './decider';
import type { AllocationTarget, EventData, EventOf, FUND_LEVELS } from './events';
import type {
  AllocateFund,
  DisburseFunds,
  FundCommand,
  PayHousehold,
  ReturnFunds,
} from './fund';
import { assertNever } from './commands';
import {
  alreadyExists,
  assertNotBefore,
  insufficientFunds,
  notFound,
  validationFailed,
} from './errors';
import { IdSet } from './id-set';
import { omitKey } from './omit';
import type { RequestDisbursement } from './money';
import {
  approve,
  recordBankResults,
  reject,
  submitBatch,
  type BatchState,
  type MoneyEvent,
  type PendingDisbursement,
} from './fund-money';

export type FundEvent =
  | EventOf<'FundReceived' | 'FundAllocated' | 'FundDisbursed' | 'HouseholdPaid' | 'FundReturned'>
  | MoneyEvent;

export interface AllocationState {
  allocationId: string;
  villageCode: string;
  target: z.infer<typeof AllocationTarget>;
  amountFen: number;
  /** Disbursed plus paid to households. */
  spentFen: number;
  returnedFen: number;
  remainingFen: number;
  /** Requested disbursements waiting for approval (SPEC §11): not in remainingFen. */
  reservedFen: number;
  allocatedOn: string;
  /** The latest paidOn of a disbursement or payment, or allocatedOn when there is none. */
  lastActivityOn: string;
  perHouseholdCapFen?: number;
}

export type FundState =
  | { status: 'unknown' }
  | {
      status: 'received';
      name: string;
      category: string;
      department: string;
      level: (typeof FUND_LEVELS)[number];
      fiscalYear: number;
      countyCode: string;
      receivedOn: string;
      amountFen: number;
      allocatedFen: number;
      /** Received minus allocated minus returned without an allocation. */
      unallocatedFen: number;
      /** Disbursements plus household payments. */
      disbursedFen: number;
      /** Every return, with or without an allocation. */
      returnedFen: number;
      allocations: readonly AllocationState[];
      /** Disbursement, payment and return ids already used, prefixed by their kind. */
      movementIds: IdSet;
      /** Events folded: the stream version. */
      eventCount: number;
      /** Payment batches by id (SPEC §11). */
      batches: ReadonlyMap<string, BatchState>;
      /** The batch whose rows are being folded; unset once its last row is in. */
      openBatch?: { batchId: string; rowsLeft: number };
      /** Disbursements requested and waiting for a decision, by id. */
      pendingDisbursements: ReadonlyMap<string, PendingDisbursement>;
    };

type ReceivedFund = Extract<FundState, { status: 'received' }>;

function decideNew(command: FundCommand): FundEvent[] {
  if (command.type !== 'ReceiveFund') throw notFound('fund', command.data.fundId);
  const data = omitKey(command.data, 'fundId');
  return [{ type: 'FundReceived', data }];
}

function decideReceived(command: FundCommand, fund: ReceivedFund): FundEvent[] {
  switch (command.type) {
    case 'ReceiveFund':
      throw alreadyExists('fund', command.data.fundId);
    case 'AllocateFund':
      return allocate(command, fund);
    case 'DisburseFunds':
      return disburse(command, fund);
    case 'PayHousehold':
      return pay(command, fund);
    case 'ReturnFunds':
      return returnFunds(command, fund);
    case 'SubmitPaymentBatch':
      return submitBatch(command, fund);
    case 'RecordBankResults':
      return recordBankResults(command, fund);
    case 'RequestDisbursement':
      return requestDisbursement(command, fund);
    case 'ApproveDisbursement':
      return approve(command, fund);
    case 'RejectDisbursement':
      return reject(command, fund);
    default:
      return assertNever(command);
  }
}

function allocate(command: AllocateFund, fund: ReceivedFund): FundEvent[] {
  const { fundId } = command.data;
  const data = omitKey(command.data, 'fundId');
  if (fund.allocations.some((a) => a.allocationId === data.allocationId)) {
    throw alreadyExists('allocation', data.allocationId);
  }
  if (data.target.type === 'village' && data.target.id !== data.villageCode) {
    throw validationFailed('a village target must name the allocation villageCode', 'target.id');
  }
  assertNotBefore(data.allocatedOn, fund.receivedOn, 'allocatedOn');
  if (data.amountFen > fund.unallocatedFen) {
    throw insufficientFunds(
      `fund ${fundId} has ${fund.unallocatedFen} fen unallocated, ${data.amountFen} requested`,
    );
  }
  return [{ type: 'FundAllocated', data }];
}

function allocationToSpend(
  fund: ReceivedFund,
  allocationId: string,
  amountFen: number,
): AllocationState {
  const allocation = fund.allocations.find((a) => a.allocationId === allocationId);
  if (!allocation) throw notFound('allocation', allocationId);
  if (amountFen > allocation.remainingFen) {
    throw insufficientFunds(
      `allocation ${allocationId} has ${allocation.remainingFen} fen left, ${amountFen} requested`,
    );
  }
  return allocation;
}

function assertNewMovement(fund: ReceivedFund, kind: string, id: string): void {
  if (fund.movementIds.has(`${kind}:${id}`)) throw alreadyExists(kind, id);
}

function disburse(command: DisburseFunds, fund: ReceivedFund): FundEvent[] {
  const data = omitKey(command.data, 'fundId');
  assertNewMovement(fund, 'disbursement', data.disbursementId);
  const allocation = allocationToSpend(fund, data.allocationId, data.amountFen);
  assertNotBefore(data.paidOn, allocation.allocatedOn, 'paidOn');
  return [{ type: 'FundDisbursed', data }];
}

/** A disbursement at or above the approval threshold reserves its amount until decided. */
function requestDisbursement(command: RequestDisbursement, fund: ReceivedFund): FundEvent[] {
  const data = omitKey(command.data, 'fundId');
  assertNewMovement(fund, 'disbursement', data.disbursementId);
  const allocation = allocationToSpend(fund, data.allocationId, data.amountFen);
  assertNotBefore(data.paidOn, allocation.allocatedOn, 'paidOn');
  return [{ type: 'DisbursementRequested', data }];
}

/**
 * A payment to a household the registry does not know, has deregistered or places in
 * another village is still recorded: the money has moved, and the alert rules flag it.
 */
function pay(command: PayHousehold, fund: ReceivedFund): FundEvent[] {
  const data = omitKey(command.data, 'fundId');
  assertNewMovement(fund, 'payment', data.paymentId);
  const allocation = allocationToSpend(fund, data.allocationId, data.amountFen);
  assertNotBefore(data.paidOn, allocation.allocatedOn, 'paidOn');
  return [{ type: 'HouseholdPaid', data }];
}

function returnFunds(command: ReturnFunds, fund: ReceivedFund): FundEvent[] {
  const { fundId } = command.data;
  const data = omitKey(command.data, 'fundId');
  assertNewMovement(fund, 'return', data.returnId);
  if (data.allocationId !== undefined) {
    const allocation = allocationToSpend(fund, data.allocationId, data.amountFen);
    assertNotBefore(data.returnedOn, allocation.allocatedOn, 'returnedOn');
  } else {
    assertNotBefore(data.returnedOn, fund.receivedOn, 'returnedOn');
    if (data.amountFen > fund.unallocatedFen) {
      throw insufficientFunds(
        `fund ${fundId} has ${fund.unallocatedFen} fen unallocated, ${data.amountFen} returned`,
      );
    }
  }
  return [{ type: 'FundReturned', data }];
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

function spendFromAllocation(
  fund: ReceivedFund,
  allocationId: string,
  change: { spentFen?: number; returnedFen?: number; reservedFen?: number; activityOn?: string },
): readonly AllocationState[] {
  return fund.allocations.map((a) => {
    if (a.allocationId !== allocationId) return a;
    const spentFen = change.spentFen ?? 0;
    const returnedFen = change.returnedFen ?? 0;
    const reservedFen = change.reservedFen ?? 0;
    return {
      ...a,
      spentFen: a.spentFen + spentFen,
      returnedFen: a.returnedFen + returnedFen,
      reservedFen: a.reservedFen + reservedFen,
      remainingFen: a.remainingFen - spentFen - returnedFen - reservedFen,
      lastActivityOn: change.activityOn
        ? laterOf(a.lastActivityOn, change.activityOn)
        : a.lastActivityOn,
    };
  });
}

function newAllocation(data: EventData<'FundAllocated'>): AllocationState {
  return {
    allocationId: data.allocationId,
    villageCode: data.villageCode,
    target: data.target,
    amountFen: data.amountFen,
    spentFen: 0,
    returnedFen: 0,
    remainingFen: data.amountFen,
    reservedFen: 0,
    allocatedOn: data.allocatedOn,
    lastActivityOn: data.allocatedOn,
    ...(data.perHouseholdCapFen !== undefined
      ? { perHouseholdCapFen: data.perHouseholdCapFen }
      : {}),
  };
}

function evolveReceived(fund: ReceivedFund, event: FundEvent): ReceivedFund {
  switch (event.type) {
    case 'FundReceived':
      throw new Error('a fund stream holds one FundReceived');
    case 'FundAllocated':
      return {
        ...fund,
        allocatedFen: fund.allocatedFen + event.data.amountFen,
        unallocatedFen: fund.unallocatedFen - event.data.amountFen,
        allocations: [...fund.allocations, newAllocation(event.data)],
      };
    case 'FundDisbursed':
      return evolveDisbursed(fund, event.data);
    case 'HouseholdPaid':
      return evolvePaid(fund, event.data);
    case 'FundReturned':
      return evolveReturn(fund, event.data);
    case 'PaymentBatchSubmitted':
      return evolveBatch(fund, event.data);
    case 'HouseholdPaymentConfirmed':
    case 'HouseholdPaymentFailed':
      return evolveBankResult(fund, event);
    case 'DisbursementRequested':
      return evolveRequested(fund, event.data);
    case 'DisbursementRejected':
      return evolveRejected(fund, event.data);
    default:
      return assertNever(event);
  }
}

function evolveDisbursed(fund: ReceivedFund, data: EventData<'FundDisbursed'>): ReceivedFund {
  const { amountFen, allocationId, paidOn, disbursementId } = data;
  // An approved disbursement was reserved when requested: the reservation becomes spending.
  const approved = fund.pendingDisbursements.has(disbursementId);
  const allocations = spendFromAllocation(fund, allocationId, {
    spentFen: amountFen,
    reservedFen: approved ? -amountFen : 0,
    activityOn: paidOn,
  });
  let { pendingDisbursements } = fund;
  if (approved) {
    const rest = new Map(pendingDisbursements);
    rest.delete(disbursementId);
    pendingDisbursements = rest;
  }
  return {
    ...fund,
    disbursedFen: fund.disbursedFen + amountFen,
    allocations,
    pendingDisbursements,
    movementIds: fund.movementIds.add(`disbursement:${disbursementId}`),
  };
}

function evolvePaid(fund: ReceivedFund, data: EventData<'HouseholdPaid'>): ReceivedFund {
  const { amountFen, allocationId, paidOn, paymentId } = data;
  let { openBatch } = fund;
  if (openBatch && data.batchId === openBatch.batchId) {
    // The batch's payments map was created by this fold and is filled only here.
    const batch = fund.batches.get(openBatch.batchId);
    batch?.payments.set(paymentId, { allocationId, amountFen, paidOn });
    openBatch =
      openBatch.rowsLeft > 1 ? { ...openBatch, rowsLeft: openBatch.rowsLeft - 1 } : undefined;
  }
  return {
    ...fund,
    openBatch,
    disbursedFen: fund.disbursedFen + amountFen,
    allocations: spendFromAllocation(fund, allocationId, {
      spentFen: amountFen,
      activityOn: paidOn,
    }),
    movementIds: fund.movementIds.add(`payment:${paymentId}`),
  };
}

function evolveBatch(
  fund: ReceivedFund,
  data: EventData<'PaymentBatchSubmitted'>,
): ReceivedFund {
  const batch: BatchState = {
    batchId: data.batchId,
    rows: data.rows,
    totalFen: data.totalFen,
    paidOn: data.paidOn,
    channel: data.channel,
    contentSha256: data.contentSha256,
    versionAfter: fund.eventCount + 1 + data.rows,
    payments: new Map(),
    settled: IdSet.empty(),
    confirmed: 0,
    failed: 0,
  };
  const batches = new Map(fund.batches);
  batches.set(data.batchId, batch);
  return { ...fund, batches, openBatch: { batchId: data.batchId, rowsLeft: data.rows } };
}

function evolveBankResult(
  fund: ReceivedFund,
  event: EventOf<'HouseholdPaymentConfirmed' | 'HouseholdPaymentFailed'>,
): ReceivedFund {
  const { batchId, paymentId, allocationId, amountFen } = event.data;
  const batch = fund.batches.get(batchId);
  if (!batch) throw new Error(`a bank result names batch ${batchId}, which the fund lacks`);
  const failed = event.type === 'HouseholdPaymentFailed';
  const batches = new Map(fund.batches);
  batches.set(batchId, {
    ...batch,
    settled: batch.settled.add(paymentId),
    confirmed: batch.confirmed + (failed ? 0 : 1),
    failed: batch.failed + (failed ? 1 : 0),
  });
  if (!failed) return { ...fund, batches };
  // A failed payment gives its amount back to the allocation (SPEC §11).
  return {
    ...fund,
    batches,
    disbursedFen: fund.disbursedFen - amountFen,
    allocations: spendFromAllocation(fund, allocationId, { spentFen: -amountFen }),
  };
}

function evolveRequested(fund: ReceivedFund, data: PendingDisbursement): ReceivedFund {
  const pendingDisbursements = new Map(fund.pendingDisbursements);
  pendingDisbursements.set(data.disbursementId, data);
  return {
    ...fund,
    pendingDisbursements,
    allocations: spendFromAllocation(fund, data.allocationId, { reservedFen: data.amountFen }),
    movementIds: fund.movementIds.add(`disbursement:${data.disbursementId}`),
  };
}

function evolveRejected(
  fund: ReceivedFund,
  data: EventData<'DisbursementRejected'>,
): ReceivedFund {
  const pendingDisbursements = new Map(fund.pendingDisbursements);
  pendingDisbursements.delete(data.disbursementId);
  return {
    ...fund,
    pendingDisbursements,
    allocations: spendFromAllocation(fund, data.allocationId, { reservedFen: -data.amountFen }),
  };
}

function evolveReturn(fund: ReceivedFund, data: EventData<'FundReturned'>): ReceivedFund {
  const movementIds = fund.movementIds.add(`return:${data.returnId}`);
  const returnedFen = fund.returnedFen + data.amountFen;
  if (data.allocationId === undefined) {
    const unallocatedFen = fund.unallocatedFen - data.amountFen;
    return { ...fund, returnedFen, unallocatedFen, movementIds };
  }
  const allocations = spendFromAllocation(fund, data.allocationId, { returnedFen: data.amountFen });
  return { ...fund, returnedFen, allocations, movementIds };
}

function evolveFund(state: FundState, event: FundEvent): FundState {
  switch (state.status) {
    case 'unknown': {
      if (event.type !== 'FundReceived') {
        throw new Error(`a fund stream starts with FundReceived, not ${event.type}`);
      }
      return {
        status: 'received',
        ...event.data,
        allocatedFen: 0,
        unallocatedFen: event.data.amountFen,
        disbursedFen: 0,
        returnedFen: 0,
        allocations: [],
        movementIds: IdSet.empty(),
        eventCount: 1,
        batches: new Map(),
        pendingDisbursements: new Map(),
      };
    }
    case 'received': {
      const next = evolveReceived(state, event);
      next.eventCount = state.eventCount + 1;
      return next;
    }
    default:
      return assertNever(state);
  }
}

export const fundDecider: Decider<FundState, FundCommand, FundEvent> = {
  snapshot: { name: 'fund', stateVersion: 2 },
  initialState: () => ({ status: 'unknown' }),
  evolve: evolveFund,
  decide: (command, state) => {
    switch (state.status) {
      case 'unknown':
        return decideNew(command);
      case 'received':
        return decideReceived(command, state);
      default:
        return assertNever(state);
    }
  },
};

/** The allocation of a folded fund, if the fund holds it. */
export function allocationOf(state: FundState, allocationId: string): AllocationState | undefined {
  if (state.status !== 'received') return undefined;
  return state.allocations.find((a) => a.allocationId === allocationId);
}
