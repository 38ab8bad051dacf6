import type { Decider } from './decider';
import type { EventOf, ProjectStage } from './events';
import { PROJECT_STAGES } from './events';
import type {
  AdvanceProjectStage,
  DistributeProjectIncome,
  ProjectCommand,
  RegisterProjectAsset,
} from './project';
import { assertNever } from './commands';
import {
  alreadyExists,
  assertNotBefore,
  insufficientFunds,
  invalidStage,
  invalidState,
  notFound,
  validationFailed,
} from './errors';
import { omitKey } from './omit';

export type ProjectEvent = EventOf<
  | 'ProjectRegistered'
  | 'ProjectStageAdvanced'
  | 'ProjectIncomeRecorded'
  | 'ProjectIncomeDistributed'
  | 'ProjectSuspended'
  | 'ProjectResumed'
  | 'ProjectCancelled'
  | 'ProjectAssetRegistered'
>;

export interface ProjectFacts {
  name: string;
  villageCode: string;
  kind: string;
  budgetFen: number;
  registeredOn: string;
  stage: ProjectStage;
  /** When the project entered its current stage. */
  stageSince: string;
  incomeFen: number;
  distributedFen: number;
  undistributedFen: number;
  /** Ids of the assets registered for the project (SPEC §13). */
  assetIds: string[];
}

export type ProjectState =
  | { status: 'unregistered' }
  | { status: 'active'; project: ProjectFacts }
  | { status: 'suspended'; project: ProjectFacts; suspendedOn: string; reason: string }
  | { status: 'cancelled'; project: ProjectFacts; cancelledOn: string; reason: string };

type RegisteredProject = Exclude<ProjectState, { status: 'unregistered' }>;

/** Income may be distributed once the project has reached this stage (SPEC §4). */
export const DISTRIBUTION_STAGE_MIN: ProjectStage = 'acceptance';

/** Assets may be registered once the project has reached this stage (SPEC §13). */
export const ASSET_STAGE_MIN: ProjectStage = 'completion';

/** A project registers at most this many assets (a project's assets are counted in dozens). */
export const PROJECT_ASSETS_MAX = 1000;

export function stageIndex(stage: ProjectStage): number {
  return PROJECT_STAGES.indexOf(stage);
}

/** The stage after `stage`, or undefined after the last one. */
export function nextStage(stage: ProjectStage): ProjectStage | undefined {
  return PROJECT_STAGES[stageIndex(stage) + 1];
}

function advance(command: AdvanceProjectStage, state: RegisteredProject): ProjectEvent[] {
  const { projectId, stage, advancedOn } = command.data;
  if (state.status !== 'active') throw invalidState(`project ${projectId} is ${state.status}`);
  const expected = nextStage(state.project.stage);
  if (stage !== expected) {
    throw invalidStage(
      `project ${projectId} is in ${state.project.stage}; the next stage is ${expected ?? 'none'}`,
    );
  }
  assertNotBefore(advancedOn, state.project.stageSince, 'advancedOn');
  const data = { stage, advancedOn, evidence: command.data.evidence ?? [] };
  return [{ type: 'ProjectStageAdvanced', data }];
}

/** Distribution is allowed in any status: income earned before a suspension is still owed. */
function distribute(command: DistributeProjectIncome, state: RegisteredProject): ProjectEvent[] {
  const { projectId, shares } = command.data;
  const project = state.project;
  if (stageIndex(project.stage) < stageIndex(DISTRIBUTION_STAGE_MIN)) {
    throw invalidStage(`project ${projectId} is in ${project.stage}, before acceptance`);
  }
  const households = new Set(shares.map((s) => s.householdId));
  if (households.size !== shares.length) {
    throw validationFailed('each household may appear once among the shares', 'shares');
  }
  const totalFen = shares.reduce((sum, s) => sum + s.amountFen, 0);
  if (totalFen > project.undistributedFen) {
    throw insufficientFunds(
      `project ${projectId} has ${project.undistributedFen} fen undistributed, ${totalFen} shared`,
    );
  }
  return [{ type: 'ProjectIncomeDistributed', data: omitKey(command.data, 'projectId') }];
}

function registerAsset(command: RegisterProjectAsset, state: RegisteredProject): ProjectEvent[] {
  const { projectId, assetId } = command.data;
  const project = state.project;
  if (stageIndex(project.stage) < stageIndex(ASSET_STAGE_MIN)) {
    throw invalidStage(`project ${projectId} is in ${project.stage}, before completion`);
  }
  if (project.assetIds.includes(assetId)) throw alreadyExists('asset', assetId);
  if (project.assetIds.length >= PROJECT_ASSETS_MAX) {
    throw invalidState(`project ${projectId} already has ${PROJECT_ASSETS_MAX} assets`);
  }
  return [{ type: 'ProjectAssetRegistered', data: omitKey(command.data, 'projectId') }];
}

function decideRegistered(command: ProjectCommand, state: RegisteredProject): ProjectEvent[] {
  const id = command.data.projectId;
  switch (command.type) {
    case 'RegisterProject':
      throw alreadyExists('project', id);
    case 'AdvanceProjectStage':
      return advance(command, state);
    case 'RecordProjectIncome':
      if (state.status === 'cancelled') throw invalidState(`project ${id} is cancelled`);
      return [{ type: 'ProjectIncomeRecorded', data: omitKey(command.data, 'projectId') }];
    case 'DistributeProjectIncome':
      return distribute(command, state);
    case 'SuspendProject':
      if (state.status !== 'active') throw invalidState(`project ${id} is ${state.status}`);
      return [{ type: 'ProjectSuspended', data: omitKey(command.data, 'projectId') }];
    case 'ResumeProject':
      if (state.status !== 'suspended') throw invalidState(`project ${id} is ${state.status}`);
      return [{ type: 'ProjectResumed', data: omitKey(command.data, 'projectId') }];
    case 'CancelProject':
      if (state.status === 'cancelled') throw invalidState(`project ${id} is cancelled`);
      return [{ type: 'ProjectCancelled', data: omitKey(command.data, 'projectId') }];
    case 'RegisterProjectAsset':
      return registerAsset(command, state);
    default:
      return assertNever(command);
  }
}

function reasonOf(event: { data: { reason: string } }): { reason: string } {
  return { reason: event.data.reason };
}

function evolveRegistered(state: RegisteredProject, event: ProjectEvent): ProjectState {
  const project = state.project;
  switch (event.type) {
    case 'ProjectRegistered':
      throw new Error('a project stream holds one ProjectRegistered');
    case 'ProjectStageAdvanced': {
      const { stage, advancedOn } = event.data;
      return { ...state, project: { ...project, stage, stageSince: advancedOn } };
    }
    case 'ProjectIncomeRecorded': {
      const amountFen = event.data.amountFen;
      const incomeFen = project.incomeFen + amountFen;
      const undistributedFen = project.undistributedFen + amountFen;
      return { ...state, project: { ...project, incomeFen, undistributedFen } };
    }
    case 'ProjectIncomeDistributed': {
      const totalFen = event.data.shares.reduce((sum, s) => sum + s.amountFen, 0);
      const distributedFen = project.distributedFen + totalFen;
      const undistributedFen = project.undistributedFen - totalFen;
      return { ...state, project: { ...project, distributedFen, undistributedFen } };
    }
    case 'ProjectSuspended':
      return { status: 'suspended', project, suspendedOn: event.data.on, ...reasonOf(event) };
    case 'ProjectResumed':
      return { status: 'active', project };
    case 'ProjectCancelled':
      return { status: 'cancelled', project, cancelledOn: event.data.on, ...reasonOf(event) };
    case 'ProjectAssetRegistered': {
      const assetIds = [...project.assetIds, event.data.assetId];
      return { ...state, project: { ...project, assetIds } };
    }
    default:
      return assertNever(event);
  }
}

function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  if (state.status !== 'unregistered') return evolveRegistered(state, event);
  if (event.type !== 'ProjectRegistered') {
    throw new Error(`a project stream starts with ProjectRegistered, not ${event.type}`);
  }
  const project: ProjectFacts = {
    ...event.data,
    stage: 'survey',
    stageSince: event.data.registeredOn,
    incomeFen: 0,
    distributedFen: 0,
    undistributedFen: 0,
    assetIds: [],
  };
  return { status: 'active', project };
}

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve: evolveProject,
  decide: (command, state) => {
    if (state.status !== 'unregistered') return decideRegistered(command, state);
    if (command.type !== 'RegisterProject') throw notFound('project', command.data.projectId);
    return [{ type: 'ProjectRegistered', data: omitKey(command.data, 'projectId') }];
  },
};
