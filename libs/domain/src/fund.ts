import type { CommandOf } from './command-of';
import type { MoneyCommand } from './money';
import { entityId } from './primitives';
import { FundAllocated, FundDisbursed, FundReceived, FundReturned, HouseholdPaid } from './events';

/**
 * Fund commands (SPEC §4, §7). A body schema is what a client posts; the id the command
 * creates is optional there because the HTTP layer generates a missing one. A data schema is
 * the complete command: the body plus the addressed fund id, every id filled in.
 */

export const ReceiveFundBody = FundReceived.extend({ fundId: entityId.optional() });
export const ReceiveFundData = FundReceived.extend({ fundId: entityId });

export const AllocateFundBody = FundAllocated.extend({ allocationId: entityId.optional() });
export const AllocateFundData = FundAllocated.extend({ fundId: entityId });

export const DisburseFundsBody = FundDisbursed.extend({ disbursementId: entityId.optional() });
export const DisburseFundsData = FundDisbursed.extend({ fundId: entityId });

export const PayHouseholdBody = HouseholdPaid.extend({ paymentId: entityId.optional() });
export const PayHouseholdData = HouseholdPaid.extend({ fundId: entityId });

export const ReturnFundsBody = FundReturned.extend({ returnId: entityId.optional() });
export const ReturnFundsData = FundReturned.extend({ fundId: entityId });

export type ReceiveFund = CommandOf<'ReceiveFund', typeof ReceiveFundData>;
export type AllocateFund = CommandOf<'AllocateFund', typeof AllocateFundData>;
export type DisburseFunds = CommandOf<'DisburseFunds', typeof DisburseFundsData>;
export type PayHousehold = CommandOf<'PayHousehold', typeof PayHouseholdData>;
export type ReturnFunds = CommandOf<'ReturnFunds', typeof ReturnFundsData>;

export type FundCommand =
  | ReceiveFund
  | AllocateFund
  | DisburseFunds
  | PayHousehold
  | ReturnFunds
  | MoneyCommand;
