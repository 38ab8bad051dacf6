import { entityIdOfStream, type EventOf } from '@sunshine/domain';
import { timelineRow, type BatchIndex, type Lookups, type ParsedEvent } from './batch-model';
import { maskName } from './mask';
import {
  advanceStage,
  distribute,
  projectEntry,
  projectIncome,
  projectStatus,
  registerProject,
} from './project-projects';
import type { HouseholdStatus, WriteSet } from './rows';

/** Household, project and region events; alert events belong to the alert projection. */
export function projectEntityEvent(
  p: ParsedEvent,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
): void {
  const e = p.event;
  switch (e.type) {
    case 'HouseholdRegistered':
      return registerHousehold(p, e, lookups, out, index);
    case 'HouseholdExitedPoverty':
      return changeStatus(p, lookups, out, index, 'exited', e.data.exitedOn);
    case 'HouseholdReturnedToPoverty':
      return changeStatus(p, lookups, out, index, 'in_poverty', e.data.returnedOn);
    case 'HouseholdDeregistered':
      return changeStatus(p, lookups, out, index, 'deregistered', e.data.deregisteredOn);
    case 'HouseholdIncomeRecorded':
      return householdEntry(p, lookups, out, e.data.recordedOn);
    case 'CrossCheckHitRecorded':
      return householdEntry(p, lookups, out, e.data.recordedOn);
    case 'HouseholdHelperAssigned':
      return householdEntry(p, lookups, out, e.data.since);
    case 'HouseholdVisited':
      return householdEntry(p, lookups, out, e.data.visitedOn);
    case 'ProjectAssetRegistered':
      return projectEntry(p, lookups, out, e.data.acquiredOn);
    case 'ProjectRegistered':
      return registerProject(p, e, lookups, out, index);
    case 'ProjectStageAdvanced':
      return advanceStage(p, e, lookups, out, index);
    case 'ProjectIncomeRecorded':
      return projectIncome(p, lookups, out, index, e.data.amountFen, e.data.earnedOn);
    case 'ProjectIncomeDistributed':
      return distribute(p, e, lookups, out, index);
    case 'ProjectSuspended':
      return projectStatus(p, lookups, out, index, 'suspended', e.data.on);
    case 'ProjectResumed':
      return projectStatus(p, lookups, out, index, 'active', e.data.on);
    case 'ProjectCancelled':
      return projectStatus(p, lookups, out, index, 'cancelled', e.data.on);
    case 'RegionDefined':
      out.regions.push({
        code: e.data.code,
        name: e.data.name,
        level: e.data.level,
        weak_village: e.data.weakVillage ?? false,
      });
      return;
    case 'FundReceived':
    case 'FundAllocated':
    case 'FundDisbursed':
    case 'HouseholdPaid':
    case 'FundReturned':
    case 'PaymentBatchSubmitted':
    case 'HouseholdPaymentConfirmed':
    case 'HouseholdPaymentFailed':
    case 'DisbursementRequested':
    case 'DisbursementRejected':
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'AlertResolved':
    case 'AlertAssigned':
    case 'PublicReportReceived':
    case 'HelperRegistered':
      return;
    default: {
      const unhandled: never = e;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

function registerHousehold(
  p: ParsedEvent,
  e: EventOf<'HouseholdRegistered'>,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
): void {
  const householdId = entityIdOfStream(p.stored.streamId);
  const d = e.data;
  const maskedName = maskName(d.headName);
  lookups.households.set(householdId, d.villageCode);
  lookups.householdStatus.set(householdId, 'in_poverty');
  out.statusDeltas.push({
    village_code: d.villageCode,
    status: 'in_poverty',
    changed_on: d.registeredOn,
    delta: 1,
  });
  const row = {
    household_id: householdId,
    village_code: d.villageCode,
    masked_name: maskedName,
    members: d.members,
    registered_on: d.registeredOn,
    status: 'in_poverty' as const,
    status_on: d.registeredOn,
  };
  out.households.push(row);
  index.households.set(householdId, row);
  addStatusChange(p, out, householdId, 'in_poverty', d.registeredOn);
  // Read models never hold an id number, and hold the head's name only masked.
  const detail = {
    villageCode: d.villageCode,
    headName: maskedName,
    members: d.members,
    registeredOn: d.registeredOn,
  };
  out.timeline.push(
    timelineRow(p, d.villageCode, d.registeredOn, { household_id: householdId, detail }),
  );
}

function addStatusChange(
  p: ParsedEvent,
  out: WriteSet,
  householdId: string,
  status: HouseholdStatus,
  on: string,
): void {
  out.statusChanges.push({
    event_id: p.stored.eventId,
    household_id: householdId,
    status,
    changed_on: on,
    global_position: p.stored.globalPosition,
  });
}

function changeStatus(
  p: ParsedEvent,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
  status: HouseholdStatus,
  on: string,
): void {
  const householdId = entityIdOfStream(p.stored.streamId);
  addStatusChange(p, out, householdId, status, on);
  moveStatusCount(lookups, out, householdId, status, on);
  const created = index.households.get(householdId);
  if (created) {
    created.status = status;
    created.status_on = on;
  } else {
    index.householdUpdates.set(householdId, { household_id: householdId, status, status_on: on });
  }
  householdEntry(p, lookups, out, on);
}

/** Moves the household from its previous status's count to the new one's, as of `on`. */
function moveStatusCount(
  lookups: Lookups,
  out: WriteSet,
  householdId: string,
  status: HouseholdStatus,
  on: string,
): void {
  const village = lookups.households.get(householdId);
  const previous = lookups.householdStatus.get(householdId);
  // A household the projection has not seen registered (possible across Kafka partitions)
  // has no count to move.
  if (village === undefined || previous === undefined) return;
  lookups.householdStatus.set(householdId, status);
  out.statusDeltas.push({ village_code: village, status: previous, changed_on: on, delta: -1 });
  out.statusDeltas.push({ village_code: village, status, changed_on: on, delta: 1 });
}

function householdEntry(p: ParsedEvent, lookups: Lookups, out: WriteSet, on: string): void {
  const householdId = entityIdOfStream(p.stored.streamId);
  const village = lookups.households.get(householdId) ?? '';
  out.timeline.push(timelineRow(p, village, on, { household_id: householdId }));
}
