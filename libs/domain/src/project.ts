import type { CommandOf } from './command-of';
import { entityId } from './primitives';
import {
  ProjectIncomeDistributed,
  ProjectIncomeRecorded,
  ProjectRegistered,
  ProjectStageAdvanced,
  ProjectStatusChange,
} from './events';
import { ProjectAssetRegistered } from './people-events';

/**
 * Project commands (SPEC §4, §7). Bodies are what a client posts; data adds the addressed
 * project id. A stage body may leave out `evidence` (none attached).
 */

export const RegisterProjectBody = ProjectRegistered.extend({ projectId: entityId.optional() });
export const RegisterProjectData = ProjectRegistered.extend({ projectId: entityId });

export const AdvanceProjectStageBody = ProjectStageAdvanced.extend({
  evidence: ProjectStageAdvanced.shape.evidence.optional(),
});
export const AdvanceProjectStageData = AdvanceProjectStageBody.extend({ projectId: entityId });

export const RecordProjectIncomeBody = ProjectIncomeRecorded;
export const RecordProjectIncomeData = ProjectIncomeRecorded.extend({ projectId: entityId });

export const DistributeProjectIncomeBody = ProjectIncomeDistributed;
export const DistributeProjectIncomeData = ProjectIncomeDistributed.extend({
  projectId: entityId,
});

export const SuspendProjectBody = ProjectStatusChange;
export const SuspendProjectData = ProjectStatusChange.extend({ projectId: entityId });
export const ResumeProjectBody = ProjectStatusChange;
export const ResumeProjectData = ProjectStatusChange.extend({ projectId: entityId });
export const CancelProjectBody = ProjectStatusChange;
export const CancelProjectData = ProjectStatusChange.extend({ projectId: entityId });

export const RegisterProjectAssetBody = ProjectAssetRegistered;
export const RegisterProjectAssetData = ProjectAssetRegistered.extend({ projectId: entityId });

export type RegisterProject = CommandOf<'RegisterProject', typeof RegisterProjectData>;
export type AdvanceProjectStage = CommandOf<'AdvanceProjectStage', typeof AdvanceProjectStageData>;
export type RecordProjectIncome = CommandOf<'RecordProjectIncome', typeof RecordProjectIncomeData>;
export type DistributeProjectIncome = CommandOf<
  'DistributeProjectIncome',
  typeof DistributeProjectIncomeData
>;
export type SuspendProject = CommandOf<'SuspendProject', typeof SuspendProjectData>;
export type ResumeProject = CommandOf<'ResumeProject', typeof ResumeProjectData>;
export type CancelProject = CommandOf<'CancelProject', typeof CancelProjectData>;

export type RegisterProjectAsset = CommandOf<
  'RegisterProjectAsset',
  typeof RegisterProjectAssetData
>;

export type ProjectCommand =
  | RegisterProject
  | AdvanceProjectStage
  | RecordProjectIncome
  | DistributeProjectIncome
  | SuspendProject
  | ResumeProject
  | CancelProject
  | RegisterProjectAsset;
