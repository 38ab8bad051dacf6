import type { CommandOf } from './command-of';
import { z } from 'zod';
import { entityId, villageCode } from './primitives';
import { HELPER_VILLAGES_MAX, HouseholdHelperAssigned, HouseholdVisited } from './people-events';
import {
  CrossCheckHitRecorded,
  HouseholdDeregistered,
  HouseholdExitedPoverty,
  HouseholdIncomeRecorded,
  HouseholdRegistered,
  HouseholdReturnedToPoverty,
} from './events';

/**
 * Household commands (SPEC §4, §7). Bodies are what a client posts; data adds the addressed
 * household id. An income body may leave out `oneOffTransfers` (none) and `recordedOn`
 * (the decider then dates the record on the last day of its period), because SPEC §4 names
 * neither as required of the client.
 */

export const RegisterHouseholdBody = HouseholdRegistered.extend({
  householdId: entityId.optional(),
});
export const RegisterHouseholdData = HouseholdRegistered.extend({ householdId: entityId });

export const RecordHouseholdIncomeBody = HouseholdIncomeRecorded.extend({
  oneOffTransfers: HouseholdIncomeRecorded.shape.oneOffTransfers.optional(),
  recordedOn: HouseholdIncomeRecorded.shape.recordedOn.optional(),
});
export const RecordHouseholdIncomeData = RecordHouseholdIncomeBody.extend({
  householdId: entityId,
});

export const ExitPovertyBody = HouseholdExitedPoverty;
export const ExitPovertyData = HouseholdExitedPoverty.extend({ householdId: entityId });

export const ReturnToPovertyBody = HouseholdReturnedToPoverty;
export const ReturnToPovertyData = HouseholdReturnedToPoverty.extend({ householdId: entityId });

export const DeregisterHouseholdBody = HouseholdDeregistered;
export const DeregisterHouseholdData = HouseholdDeregistered.extend({ householdId: entityId });

export const RecordCrossCheckHitBody = CrossCheckHitRecorded;
export const RecordCrossCheckHitData = CrossCheckHitRecorded.extend({ householdId: entityId });

export const AssignHouseholdHelperBody = HouseholdHelperAssigned;
/**
 * `helperVillageCodes` is the helper's registration as its own stream holds it, looked up
 * by the caller before deciding; left out when the helper is not registered.
 */
export const AssignHouseholdHelperData = HouseholdHelperAssigned.extend({
  householdId: entityId,
  helperVillageCodes: z.array(villageCode).max(HELPER_VILLAGES_MAX).optional(),
});

export const RecordHouseholdVisitBody = HouseholdVisited.extend({
  evidence: HouseholdVisited.shape.evidence.optional(),
});
export const RecordHouseholdVisitData = RecordHouseholdVisitBody.extend({ householdId: entityId });

export type RegisterHousehold = CommandOf<'RegisterHousehold', typeof RegisterHouseholdData>;
export type RecordHouseholdIncome = CommandOf<
  'RecordHouseholdIncome',
  typeof RecordHouseholdIncomeData
>;
export type ExitPoverty = CommandOf<'ExitPoverty', typeof ExitPovertyData>;
export type ReturnToPoverty = CommandOf<'ReturnToPoverty', typeof ReturnToPovertyData>;
export type DeregisterHousehold = CommandOf<'DeregisterHousehold', typeof DeregisterHouseholdData>;
export type RecordCrossCheckHit = CommandOf<'RecordCrossCheckHit', typeof RecordCrossCheckHitData>;

export type AssignHouseholdHelper = CommandOf<
  'AssignHouseholdHelper',
  typeof AssignHouseholdHelperData
>;
export type RecordHouseholdVisit = CommandOf<'RecordHouseholdVisit', typeof RecordHouseholdVisitData>;

export type HouseholdCommand =
  | RegisterHousehold
  | RecordHouseholdIncome
  | ExitPoverty
  | ReturnToPoverty
  | DeregisterHousehold
  | RecordCrossCheckHit
  | AssignHouseholdHelper
  | RecordHouseholdVisit;
