import { regionDecider, type RegionEvent } from './region-decider';
import type { DefineRegion } from './region';
import { deciderSpec } from './testing/decider-spec';

const given = (events: RegionEvent[]) => deciderSpec(regionDecider, events);
const code = '320826100201';

const define = (data: Partial<DefineRegion['data']> = {}): DefineRegion => ({
  type: 'DefineRegion',
  data: { code, name: 'Qiaoxi village', weakVillage: true, ...data },
});
const defined = (name = 'Qiaoxi village'): RegionEvent => ({
  type: 'RegionDefined',
  data: { code, name, level: 'village', weakVillage: true },
});

describe('a region that is not defined', () => {
  it('is defined with the level its code implies', () =>
    given([]).when(define()).then([defined()]));

  it('accepts the matching level', () =>
    given([]).when(define({ level: 'village' })).then([defined()]));

  it('rejects a level its code contradicts', () =>
    given([]).when(define({ level: 'town' })).thenThrows('VALIDATION_FAILED'));

  it('is defined as a county from a six-digit code', () =>
    given([])
      .when({ type: 'DefineRegion', data: { code: '320826', name: 'Lianshui' } })
      .then([
        { type: 'RegionDefined', data: { code: '320826', name: 'Lianshui', level: 'county' } },
      ]));
});

describe('a defined region', () => {
  const known = [defined()];

  it('appends nothing for an identical definition', () => given(known).when(define()).then([]));

  it('appends a changed name', () =>
    given(known).when(define({ name: 'New Qiaoxi' })).then([defined('New Qiaoxi')]));

  it('appends a changed weak-village flag', () =>
    given(known)
      .when(define({ weakVillage: false }))
      .then([
        {
          type: 'RegionDefined',
          data: { code, name: 'Qiaoxi village', level: 'village', weakVillage: false },
        },
      ]));
});
