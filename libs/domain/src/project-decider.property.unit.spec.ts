import fc from 'fast-check';
import {
  nextStage,
  projectDecider,
  stageIndex,
  type ProjectEvent,
  type ProjectState,
} from './project-decider';
import type { ProjectCommand } from './project';
import { PROJECT_STAGES, type ProjectStage } from './events';
import { DomainError } from './errors';
import { projectRegistered } from './testing/fixtures';

/**
 * Random command sequences against one project. Stages are drawn from all nine, so most
 * advances are out of order; distributions draw either absolute amounts or the exact
 * undistributed income plus -1, 0 or +1, so the boundary is hit often.
 */
const projectId = 'p1';
const on = '2024-06-01';
const reason = 'random';

type Step =
  | { kind: 'advance'; stage: ProjectStage | undefined }
  | { kind: 'earn'; amountFen: number }
  | { kind: 'distribute'; parts: number; fen?: number; restDelta: -1 | 0 | 1 }
  | { kind: 'suspend' | 'resume' | 'cancel' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    // An undefined stage means "the next one", so that projects get far enough to distribute.
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      stage: fc.option(fc.constantFrom(...PROJECT_STAGES), { nil: undefined, freq: 2 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      amountFen: fc.integer({ min: 1, max: 100_000 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record(
      {
        kind: fc.constant('distribute' as const),
        parts: fc.integer({ min: 1, max: 3 }),
        fen: fc.integer({ min: 1, max: 100_000 }),
        restDelta: fc.constantFrom<-1 | 0 | 1>(-1, 0, 1),
      },
      { requiredKeys: ['kind', 'parts', 'restDelta'] },
    ),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constantFrom('suspend' as const, 'resume' as const) }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'cancel' as const }), weight: 1 },
);

function undistributed(state: ProjectState): number {
  return state.status === 'unregistered' ? 0 : state.project.undistributedFen;
}

/** Splits `totalFen` into `parts` positive shares (fewer when the total is too small). */
function split(totalFen: number, parts: number): { householdId: string; amountFen: number }[] {
  const count = Math.max(1, Math.min(parts, totalFen));
  const base = Math.floor(totalFen / count);
  return Array.from({ length: count }, (_, i) => ({
    householdId: `h${i}`,
    amountFen: i === 0 ? totalFen - base * (count - 1) : base,
  }));
}

function commandFor(step: Step, state: ProjectState): ProjectCommand {
  switch (step.kind) {
    case 'advance': {
      const current = state.status === 'unregistered' ? 'survey' : state.project.stage;
      const stage = step.stage ?? nextStage(current) ?? 'income_distribution';
      return { type: 'AdvanceProjectStage', data: { projectId, stage, advancedOn: on } };
    }
    case 'earn': {
      const data = { projectId, amountFen: step.amountFen, earnedOn: on };
      return { type: 'RecordProjectIncome', data };
    }
    case 'distribute': {
      const totalFen = step.fen ?? Math.max(1, undistributed(state) + step.restDelta);
      const shares = split(totalFen, step.parts);
      return { type: 'DistributeProjectIncome', data: { projectId, distributedOn: on, shares } };
    }
    case 'suspend':
      return { type: 'SuspendProject', data: { projectId, on, reason } };
    case 'resume':
      return { type: 'ResumeProject', data: { projectId, on, reason } };
    case 'cancel':
      return { type: 'CancelProject', data: { projectId, on, reason } };
  }
}

interface Run {
  state: ProjectState;
  accepted: ProjectEvent[];
  rejected: DomainError[];
  /** The stage in force when each accepted distribution was decided. */
  distributionStages: ProjectStage[];
}

function run(steps: Step[]): Run {
  const registered = projectRegistered();
  let state = projectDecider.evolve(projectDecider.initialState(), registered);
  const result: Run = { state, accepted: [registered], rejected: [], distributionStages: [] };
  for (const step of steps) {
    try {
      const events = projectDecider.decide(commandFor(step, state), state);
      for (const e of events) {
        if (e.type === 'ProjectIncomeDistributed' && state.status !== 'unregistered') {
          result.distributionStages.push(state.project.stage);
        }
      }
      state = events.reduce(projectDecider.evolve, state);
      result.accepted.push(...events);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result.rejected.push(error);
    }
  }
  return { ...result, state };
}

const sharesFen = (e: ProjectEvent): number =>
  e.type === 'ProjectIncomeDistributed' ? e.data.shares.reduce((s, x) => s + x.amountFen, 0) : 0;

describe('a project under any sequence of commands', () => {
  const sequences = fc.array(stepArb, { maxLength: 60, size: 'max' });

  it('folds income totals equal to its events and never distributes more than it earned', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { state, accepted } = run(steps);
        if (state.status === 'unregistered') throw new Error('expected a registered project');
        const incomeFen = accepted.reduce(
          (s, e) => s + (e.type === 'ProjectIncomeRecorded' ? e.data.amountFen : 0),
          0,
        );
        const distributedFen = accepted.reduce((s, e) => s + sharesFen(e), 0);
        expect(state.project.incomeFen).toBe(incomeFen);
        expect(state.project.distributedFen).toBe(distributedFen);
        expect(state.project.undistributedFen).toBe(incomeFen - distributedFen);
        expect(state.project.undistributedFen).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('moves through the stages in order, one by one, and distributes only from acceptance', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { state, accepted, distributionStages } = run(steps);
        const stages = accepted.flatMap((e) =>
          e.type === 'ProjectStageAdvanced' ? [e.data.stage] : [],
        );
        expect(stages).toEqual(PROJECT_STAGES.slice(1, stages.length + 1));
        if (state.status !== 'unregistered') {
          expect(state.project.stage).toBe(PROJECT_STAGES[stages.length]);
        }
        for (const stage of distributionStages) {
          expect(stageIndex(stage)).toBeGreaterThanOrEqual(stageIndex('acceptance'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('exercises acceptance and every rejection the project knows', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(sequences, (steps) => {
        const { accepted, rejected } = run(steps);
        accepted.forEach((e) => seen.add(e.type));
        rejected.forEach((e) => seen.add(e.code));
      }),
      { numRuns: 300, seed: 7 },
    );
    for (const expected of [
      'ProjectStageAdvanced',
      'ProjectIncomeRecorded',
      'ProjectIncomeDistributed',
      'ProjectSuspended',
      'ProjectResumed',
      'ProjectCancelled',
      'INVALID_STAGE',
      'INVALID_STATE',
      'INSUFFICIENT_FUNDS',
    ]) {
      expect(seen).toContain(expected);
    }
  });
});
