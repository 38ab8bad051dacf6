import { entityIdOfStream, type EventOf } from '@sunshine/domain';
import { timelineRow, type BatchIndex, type Lookups, type ParsedEvent } from './batch-model';
import type { ProjectStatus, ProjectUpdate, WriteSet } from './rows';

/** Project events: registration, stages, income and its distribution, status changes. */

export function registerProject(
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

export function projectEntry(
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

export function advanceStage(
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

export function projectIncome(
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

export function distribute(
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

export function projectStatus(
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
