import { entityIdOfStream, type EventOf } from '@sunshine/domain';
import { timelineRow, type BatchIndex, type Lookups, type ParsedEvent } from './batch-model';
import { maskName } from './mask';
import type { HouseholdStatus, ProjectStatus, ProjectUpdate, WriteSet } from './rows';

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
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'AlertResolved':
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

function registerProject(
  p: ParsedEvent,
  e: EventOf<'ProjectRegistered'>,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
): void {
  const projectId = entityIdOfStream(p.stored.streamId);
  const d = e.data;
  lookups.projects.set(projectId, d.villageCode);
  const row = {
    project_id: projectId,
    name: d.name,
    village_code: d.villageCode,
    kind: d.kind,
    budget_fen: d.budgetFen,
    registered_on: d.registeredOn,
    stage: 'survey',
    stage_since: d.registeredOn,
    status: 'active' as const,
    income_fen: 0,
    distributed_fen: 0,
  };
  out.projects.push(row);
  index.projects.set(projectId, row);
  out.stages.push({
    event_id: p.stored.eventId,
    project_id: projectId,
    stage: 'survey',
    advanced_on: d.registeredOn,
    global_position: p.stored.globalPosition,
  });
  projectEntry(p, lookups, out, d.registeredOn, { amount_fen: d.budgetFen });
}

function projectEntry(
  p: ParsedEvent,
  lookups: Lookups,
  out: WriteSet,
  on: string,
  fields: { amount_fen?: number } = {},
): void {
  const projectId = entityIdOfStream(p.stored.streamId);
  const village = lookups.projects.get(projectId) ?? '';
  out.timeline.push(timelineRow(p, village, on, { project_id: projectId, ...fields }));
}

/** Edits the project row created in this batch, or accumulates an update for an older one. */
function editProject(index: BatchIndex, projectId: string, change: Partial<ProjectUpdate>) {
  const created = index.projects.get(projectId);
  if (created) {
    if (change.stage) created.stage = change.stage;
    if (change.stage_since) created.stage_since = change.stage_since;
    if (change.status) created.status = change.status;
    created.income_fen += change.income_delta_fen ?? 0;
    created.distributed_fen += change.distributed_delta_fen ?? 0;
    return;
  }
  const prior: ProjectUpdate = index.projectUpdates.get(projectId) ?? {
    project_id: projectId,
    stage: null,
    stage_since: null,
    status: null,
    income_delta_fen: 0,
    distributed_delta_fen: 0,
  };
  index.projectUpdates.set(projectId, {
    project_id: projectId,
    stage: change.stage ?? prior.stage,
    stage_since: change.stage_since ?? prior.stage_since,
    status: change.status ?? prior.status,
    income_delta_fen: prior.income_delta_fen + (change.income_delta_fen ?? 0),
    distributed_delta_fen: prior.distributed_delta_fen + (change.distributed_delta_fen ?? 0),
  });
}

function advanceStage(
  p: ParsedEvent,
  e: EventOf<'ProjectStageAdvanced'>,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
): void {
  const projectId = entityIdOfStream(p.stored.streamId);
  const { stage, advancedOn } = e.data;
  out.stages.push({
    event_id: p.stored.eventId,
    project_id: projectId,
    stage,
    advanced_on: advancedOn,
    global_position: p.stored.globalPosition,
  });
  editProject(index, projectId, { stage, stage_since: advancedOn });
  projectEntry(p, lookups, out, advancedOn);
}

function projectIncome(
  p: ParsedEvent,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
  amountFen: number,
  on: string,
): void {
  const projectId = entityIdOfStream(p.stored.streamId);
  out.income.push({
    event_id: p.stored.eventId,
    project_id: projectId,
    kind: 'recorded',
    amount_fen: amountFen,
    on_date: on,
    global_position: p.stored.globalPosition,
  });
  editProject(index, projectId, { income_delta_fen: amountFen });
  projectEntry(p, lookups, out, on, { amount_fen: amountFen });
}

function distribute(
  p: ParsedEvent,
  e: EventOf<'ProjectIncomeDistributed'>,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
): void {
  const projectId = entityIdOfStream(p.stored.streamId);
  const { distributedOn, shares } = e.data;
  const totalFen = shares.reduce((sum, share) => sum + share.amountFen, 0);
  shares.forEach((share, shareIndex) =>
    out.shares.push({
      event_id: p.stored.eventId,
      share_index: shareIndex,
      project_id: projectId,
      household_id: share.householdId,
      amount_fen: share.amountFen,
      distributed_on: distributedOn,
      global_position: p.stored.globalPosition,
    }),
  );
  out.income.push({
    event_id: p.stored.eventId,
    project_id: projectId,
    kind: 'distributed',
    amount_fen: totalFen,
    on_date: distributedOn,
    global_position: p.stored.globalPosition,
  });
  editProject(index, projectId, { distributed_delta_fen: totalFen });
  projectEntry(p, lookups, out, distributedOn, { amount_fen: totalFen });
}

function projectStatus(
  p: ParsedEvent,
  lookups: Lookups,
  out: WriteSet,
  index: BatchIndex,
  status: ProjectStatus,
  on: string,
): void {
  editProject(index, entityIdOfStream(p.stored.streamId), { status });
  projectEntry(p, lookups, out, on);
}
