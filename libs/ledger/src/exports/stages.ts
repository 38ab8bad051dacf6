import { PROJECT_STAGES, type ProjectStage } from '@sunshine/domain';

/** Project stages in Chinese (SPEC §4) and their place in OC4IDS's projectStatus codelist. */

export const STAGE_LABELS: Record<ProjectStage, string> = {
  survey: '调研',
  feasibility: '论证',
  application: '申报',
  approval: '审批',
  tendering: '招标',
  construction: '建设',
  completion: '竣工',
  acceptance: '验收',
  income_distribution: '收益分配',
};

export type Oc4idsStatus =
  | 'identification'
  | 'preparation'
  | 'implementation'
  | 'completion'
  | 'maintenance'
  | 'cancelled';

/**
 * OC4IDS phases: identification is the decision to develop (调研); preparation covers the
 * feasibility study up to the budget authorisation (论证, 申报, 审批); implementation is
 * procurement and works (招标, 建设); completion is handover and close-out (竣工, 验收).
 * A project distributing income runs its assets, which OC4IDS calls maintenance
 * ("the day-to-day running of the assets", also called operation).
 */
export const OC4IDS_STATUS_BY_STAGE: Record<ProjectStage, Oc4idsStatus> = {
  survey: 'identification',
  feasibility: 'preparation',
  application: 'preparation',
  approval: 'preparation',
  tendering: 'implementation',
  construction: 'implementation',
  completion: 'completion',
  acceptance: 'completion',
  income_distribution: 'maintenance',
};

export function isProjectStage(stage: string): stage is ProjectStage {
  return (PROJECT_STAGES as readonly string[]).includes(stage);
}

/** Position in the stage order, for sorting; unknown stages go last. */
export function stageOrder(stage: string): number {
  return isProjectStage(stage) ? PROJECT_STAGES.indexOf(stage) : PROJECT_STAGES.length;
}

export function stageLabel(stage: string): string {
  return isProjectStage(stage) ? STAGE_LABELS[stage] : stage;
}
