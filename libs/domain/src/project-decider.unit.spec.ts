import { projectDecider, type ProjectEvent } from './project-decider';
import type { ProjectCommand } from './project';
import { PROJECT_STAGES, type ProjectStage } from './events';
import { deciderSpec, foldEvents } from './testing/decider-spec';
import { projectRegistered } from './testing/fixtures';

const given = (events: ProjectEvent[]) => deciderSpec(projectDecider, events);
const projectId = 'p1';
const on = '2024-05-01';

const register = (): ProjectCommand => ({
  type: 'RegisterProject',
  data: { projectId, ...projectRegistered().data },
});
const advance = (stage: ProjectStage, advancedOn = on): ProjectCommand => ({
  type: 'AdvanceProjectStage',
  data: { projectId, stage, advancedOn },
});
const advanced = (stage: ProjectStage, advancedOn = on): ProjectEvent => ({
  type: 'ProjectStageAdvanced',
  data: { stage, advancedOn, evidence: [] },
});
const earn = (amountFen: number): ProjectCommand => ({
  type: 'RecordProjectIncome',
  data: { projectId, amountFen, earnedOn: on },
});
const earned = (amountFen: number): ProjectEvent => ({
  type: 'ProjectIncomeRecorded',
  data: { amountFen, earnedOn: on },
});
const shares = (...amounts: number[]) =>
  amounts.map((amountFen, i) => ({ householdId: `h${i + 1}`, amountFen }));
const distribute = (...amounts: number[]): ProjectCommand => ({
  type: 'DistributeProjectIncome',
  data: { projectId, distributedOn: on, shares: shares(...amounts) },
});
const distributed = (...amounts: number[]): ProjectEvent => ({
  type: 'ProjectIncomeDistributed',
  data: { distributedOn: on, shares: shares(...amounts) },
});
const change = { on, reason: 'audit' };
const suspend: ProjectCommand = { type: 'SuspendProject', data: { projectId, ...change } };
const resume: ProjectCommand = { type: 'ResumeProject', data: { projectId, ...change } };
const cancel: ProjectCommand = { type: 'CancelProject', data: { projectId, ...change } };
const suspended: ProjectEvent = { type: 'ProjectSuspended', data: change };
const resumed: ProjectEvent = { type: 'ProjectResumed', data: change };
const cancelled: ProjectEvent = { type: 'ProjectCancelled', data: change };

/** Registration and every stage up to and including `stage`. */
const through = (stage: ProjectStage): ProjectEvent[] => [
  projectRegistered(),
  ...PROJECT_STAGES.slice(1, PROJECT_STAGES.indexOf(stage) + 1).map((s) => advanced(s)),
];

describe('a project that is not registered', () => {
  it('registers', () => given([]).when(register()).then([projectRegistered()]));

  it.each([advance('feasibility'), earn(1), distribute(1), suspend, resume, cancel])(
    'rejects $type as NOT_FOUND',
    (command) => given([]).when(command).thenThrows('NOT_FOUND'),
  );
});

describe('a project in survey', () => {
  const survey = through('survey');

  it('starts in survey', () => {
    const state = foldEvents(projectDecider, survey);
    expect(state.status === 'active' && state.project.stage).toBe('survey');
  });

  it('rejects a second registration', () =>
    given(survey).when(register()).thenThrows('ALREADY_EXISTS'));

  it('advances to feasibility with its evidence', () => {
    const evidence = [{ docId: 'doc-1', sha256: 'a'.repeat(64) }];
    const data = { stage: 'feasibility' as const, advancedOn: on, evidence };
    given(survey)
      .when({ type: 'AdvanceProjectStage', data: { projectId, ...data } })
      .then([{ type: 'ProjectStageAdvanced', data }]);
  });

  it.each(['survey', 'application', 'income_distribution'] as const)(
    'rejects a move to %s as INVALID_STAGE',
    (stage) => given(survey).when(advance(stage)).thenThrows('INVALID_STAGE'),
  );

  it('rejects a stage dated before registration', () =>
    given(survey).when(advance('feasibility', '2024-01-14')).thenThrows('VALIDATION_FAILED'));

  it('records income', () => given(survey).when(earn(5_000)).then([earned(5_000)]));

  it('rejects distribution before acceptance', () =>
    given([...survey, earned(5_000)]).when(distribute(1_000)).thenThrows('INVALID_STAGE'));

  it('suspends', () => given(survey).when(suspend).then([suspended]));

  it('rejects a resume', () => given(survey).when(resume).thenThrows('INVALID_STATE'));

  it('cancels', () => given(survey).when(cancel).then([cancelled]));
});

describe('a project in completion', () => {
  const completion = [...through('completion'), earned(10_000)];

  it('rejects distribution one stage before acceptance', () =>
    given(completion).when(distribute(1_000)).thenThrows('INVALID_STAGE'));

  it('moves backwards never', () =>
    given(completion).when(advance('construction')).thenThrows('INVALID_STAGE'));

  it('advances to acceptance', () =>
    given(completion).when(advance('acceptance')).then([advanced('acceptance')]));
});

describe('a project at acceptance with 10,000 fen of income', () => {
  const accepted = [...through('acceptance'), earned(10_000)];

  it('distributes up to the undistributed income', () =>
    given(accepted).when(distribute(6_000, 4_000)).then([distributed(6_000, 4_000)]));

  it('rejects shares above the undistributed income', () =>
    given(accepted).when(distribute(6_000, 4_001)).thenThrows('INSUFFICIENT_FUNDS'));

  it('rejects a household named twice among the shares', () =>
    given(accepted)
      .when({
        type: 'DistributeProjectIncome',
        data: {
          projectId,
          distributedOn: on,
          shares: [
            { householdId: 'h1', amountFen: 1 },
            { householdId: 'h1', amountFen: 2 },
          ],
        },
      })
      .thenThrows('VALIDATION_FAILED'));

  it('counts earlier distributions against the income', () =>
    given([...accepted, distributed(7_000)])
      .when(distribute(3_001))
      .thenThrows('INSUFFICIENT_FUNDS'));

  it('does not change stage by distributing', () => {
    const state = foldEvents(projectDecider, [...accepted, distributed(7_000)]);
    if (state.status !== 'active') throw new Error('expected active');
    expect(state.project).toMatchObject({
      stage: 'acceptance',
      incomeFen: 10_000,
      distributedFen: 7_000,
      undistributedFen: 3_000,
    });
  });

  it('advances to income_distribution', () =>
    given(accepted).when(advance('income_distribution')).then([advanced('income_distribution')]));
});

describe('a project at the last stage', () => {
  it('has no stage to advance to', () =>
    given(through('income_distribution'))
      .when(advance('income_distribution'))
      .thenThrows('INVALID_STAGE'));
});

describe('a suspended project', () => {
  const paused = [...through('acceptance'), earned(10_000), suspended];

  it('rejects advancing', () =>
    given(paused).when(advance('income_distribution')).thenThrows('INVALID_STATE'));

  it('rejects a second suspension', () => given(paused).when(suspend).thenThrows('INVALID_STATE'));

  it('still records income', () => given(paused).when(earn(1)).then([earned(1)]));

  it('still distributes income it owes', () =>
    given(paused).when(distribute(10_000)).then([distributed(10_000)]));

  it('resumes', () => given(paused).when(resume).then([resumed]));

  it('advances again once resumed', () =>
    given([...paused, resumed])
      .when(advance('income_distribution'))
      .then([advanced('income_distribution')]));

  it('cancels', () => given(paused).when(cancel).then([cancelled]));
});

describe('a cancelled project', () => {
  const gone = [...through('tendering'), cancelled];

  it.each([advance('construction'), earn(1), suspend, resume, cancel])(
    'rejects $type as INVALID_STATE',
    (command) => given(gone).when(command).thenThrows('INVALID_STATE'),
  );
});
