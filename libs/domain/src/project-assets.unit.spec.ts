import { PROJECT_STAGES, type EventData, type ProjectStage } from './events';
import { projectDecider, type ProjectEvent } from './project-decider';
import type { ProjectCommand } from './project';
import { deciderSpec } from './testing/decider-spec';
import { projectRegistered, SAMPLE_VILLAGE } from './testing/fixtures';

const asset: EventData<'ProjectAssetRegistered'> = {
  assetId: 'as-1',
  name: '光伏板',
  kind: 'operating',
  valueFen: 3_000_000,
  ownerVillageCode: SAMPLE_VILLAGE,
  acquiredOn: '2024-06-01',
};
const registerAsset = (over: Partial<typeof asset> = {}): ProjectCommand => ({
  type: 'RegisterProjectAsset',
  data: { projectId: 'pr1', ...asset, ...over },
});

/** The project's history up to and including `last`, one stage a day in March. */
function upTo(last: ProjectStage): ProjectEvent[] {
  const events: ProjectEvent[] = [projectRegistered()];
  for (const [index, stage] of PROJECT_STAGES.slice(1).entries()) {
    events.push({
      type: 'ProjectStageAdvanced',
      data: { stage, advancedOn: `2024-03-${String(index + 1).padStart(2, '0')}`, evidence: [] },
    });
    if (stage === last) break;
  }
  return events;
}

describe('a project under construction', () => {
  it('refuses an asset (INVALID_STAGE)', () => {
    deciderSpec(projectDecider, upTo('construction')).when(registerAsset())
      .thenThrows('INVALID_STAGE');
  });
});

describe('a completed project', () => {
  const given = deciderSpec(projectDecider, upTo('completion'));

  it('registers an asset', () => {
    given.when(registerAsset()).then([{ type: 'ProjectAssetRegistered', data: asset }]);
  });
});

describe('an accepted project with an asset', () => {
  const given = deciderSpec(projectDecider, [
    ...upTo('acceptance'),
    { type: 'ProjectAssetRegistered', data: asset },
  ]);

  it('registers another asset', () => {
    given.when(registerAsset({ assetId: 'as-2', kind: 'public_welfare' })).then([
      { type: 'ProjectAssetRegistered', data: { ...asset, assetId: 'as-2',
        kind: 'public_welfare' } },
    ]);
  });

  it('refuses the same asset id again (409)', () => {
    given.when(registerAsset()).thenThrows('ALREADY_EXISTS');
  });
});

describe('an unregistered project', () => {
  it('is not found', () => {
    deciderSpec(projectDecider).when(registerAsset()).thenThrows('NOT_FOUND');
  });
});
