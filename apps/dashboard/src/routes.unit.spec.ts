import { hrefOf, parseRoute, regionChain, type Route } from './routes';

describe('parseRoute', () => {
  it('reads every view back from the link it writes', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'signin' },
      { name: 'region', code: '320826', asOf: '2025-06-30' },
      { name: 'region', code: '320826100' },
      { name: 'idle', code: '320826100' },
      { name: 'alerts', status: 'open', rule: 'IDLE_ALLOCATION', cursor: 'a-17' },
      { name: 'alerts' },
      { name: 'alert', id: 'alert-1' },
      { name: 'audit', code: '320826100200', asOf: '2025-12-31' },
      { name: 'households' },
      { name: 'household', id: 'h-320826100200-0003' },
      { name: 'funds', filter: { region: '320826', category: '产业发展', fiscalYear: '2025' } },
      { name: 'funds', filter: {} },
      { name: 'fund', id: 'fund-1' },
      { name: 'projects', filter: { stage: 'approval', cursor: 'p-9' } },
      { name: 'project', id: 'p-1' },
      { name: 'publicRegion', code: '320826' },
      { name: 'publicVillage', code: '320826100200' },
    ];
    for (const route of routes) {
      const parsed = parseRoute(hrefOf(route));
      expect(parsed).toEqual(JSON.parse(JSON.stringify(route)));
    }
  });

  it('answers malformed codes, ids and unknown paths with the not-found page', () => {
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/regions/32082')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/villages/320826100')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/households/a%20b')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/public/villages/320826')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/regions/320826/idle/x')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/funds/%E0%A4%A')).toEqual({ name: 'notFound' });
  });

  it('drops malformed parameters and keeps the view', () => {
    expect(parseRoute('#/regions/320826?asOf=yesterday')).toEqual({
      name: 'region',
      code: '320826',
      asOf: undefined,
    });
    expect(parseRoute('#/alerts?status=closed&rule=drop%20table')).toEqual({
      name: 'alerts',
      status: undefined,
      rule: undefined,
      cursor: undefined,
    });
    expect(parseRoute('#/funds?fiscalYear=25&region=3208&stage=X')).toEqual({
      name: 'funds',
      filter: { region: '3208' },
    });
  });
});

describe('regionChain', () => {
  it('lists the county, town and village of a village code', () => {
    expect(regionChain('320826100200')).toEqual(['320826', '320826100', '320826100200']);
    expect(regionChain('320826')).toEqual(['320826']);
  });
});
