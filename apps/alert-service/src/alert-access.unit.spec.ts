import type { Principal } from '@sunshine/platform';
import { visibleRegionPrefixes } from './alert-access';

const auditor = (regions: string[]): Principal => ({ sub: 'a', role: 'auditor', regions });

describe('visibleRegionPrefixes', () => {
  it('lists the caller\'s regions when no region is asked for, and everything for an admin', () => {
    expect(visibleRegionPrefixes(auditor(['320826']), undefined)).toEqual(['320826']);
    expect(visibleRegionPrefixes({ sub: 'x', role: 'admin', regions: [] }, undefined)).toBe(
      undefined,
    );
  });

  it('narrows to an asked region inside the caller\'s regions', () => {
    expect(visibleRegionPrefixes(auditor(['3208']), '320826100')).toEqual(['320826100']);
  });

  it('narrows a wider asked region to the caller\'s regions inside it', () => {
    expect(visibleRegionPrefixes(auditor(['320826', '320827']), '3208')).toEqual([
      '320826',
      '320827',
    ]);
  });

  it('refuses a region that shares nothing with the caller\'s', () => {
    expect(() => visibleRegionPrefixes(auditor(['320826']), '320827')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
