import { allocation, disbursement, project } from '../testing/facts';
import { disbursementBeforeApproval } from './disbursement-before-approval';
import { projectStalled } from './project-stalled';
import { undistributedIncome } from './undistributed-income';
import type { ProjectIncomeFact, StageFact } from '../facts';

const stages = (...pairs: [StageFact['stage'], string][]): StageFact[] =>
  pairs.map(([stage, on], i) => ({ stage, on, eventId: `ev-stage-${i}` }));

const approved = stages(
  ['feasibility', '2024-01-10'],
  ['application', '2024-01-20'],
  ['approval', '2024-02-01'],
);

describe('DISBURSEMENT_BEFORE_APPROVAL', () => {
  const toProject = (paidOn: string) =>
    disbursement({ payeeType: 'project', payeeId: 'pr1', paidOn });

  it('fires when the project is still in application at paidOn', () => {
    const found = disbursementBeforeApproval(
      toProject('2024-01-25'),
      allocation(),
      project({ stages: approved }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: { type: 'disbursement', id: 'd1' } });
  });

  it('does not fire on or after the approval date', () => {
    const p = project({ stages: approved });
    expect(disbursementBeforeApproval(toProject('2024-02-01'), allocation(), p)).toEqual([]);
  });

  it('does not judge contractors or projects no registry knows', () => {
    expect(disbursementBeforeApproval(disbursement(), allocation(), project())).toEqual([]);
    expect(disbursementBeforeApproval(toProject('2024-01-25'), allocation(), undefined)).toEqual(
      [],
    );
  });
});

describe('PROJECT_STALLED', () => {
  it('fires after more than 180 days in one stage, and not at 180', () => {
    const p = project({ stages: approved });
    expect(projectStalled(p, '2024-07-30', 180)).toEqual([]);
    const found = projectStalled(p, '2024-07-31', 180);
    expect(found).toHaveLength(1);
    expect(found[0]!.cause).toBe('stage:approval:since:2024-02-01');
  });

  it('does not fire for a project distributing income or cancelled', () => {
    const done = project({ stages: stages(['income_distribution', '2024-01-02']) });
    expect(projectStalled(done, '2025-06-01', 180)).toEqual([]);
    const cancelled = project({ cancelledOn: '2024-03-01' });
    expect(projectStalled(cancelled, '2025-06-01', 180)).toEqual([]);
  });
});

describe('UNDISTRIBUTED_INCOME', () => {
  const earned: ProjectIncomeFact = {
    kind: 'earned',
    amountFen: 500_000,
    on: '2024-01-01',
    eventId: 'ev-earned',
  };

  it('fires for income kept more than 180 days', () => {
    const found = undistributedIncome(project(), [earned], '2024-06-30', 180);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ amountFen: 500_000, cause: 'income:ev-earned' });
  });

  it('does not fire for income distributed in time', () => {
    const paid: ProjectIncomeFact = { ...earned, kind: 'distributed', on: '2024-03-01' };
    expect(undistributedIncome(project(), [earned, paid], '2024-12-31', 180)).toEqual([]);
  });

  it('does not fire before the distribution period has passed', () => {
    expect(undistributedIncome(project(), [earned], '2024-06-29', 180)).toEqual([]);
  });

  it('reports the part a partial distribution left open', () => {
    const part: ProjectIncomeFact = { ...earned, kind: 'distributed', amountFen: 200_000 };
    const found = undistributedIncome(project(), [earned, part], '2024-12-31', 180);
    expect(found[0]!.amountFen).toBe(300_000);
  });
});
