import { hrefOf, parseRoute, type Route } from './routes';

describe('parseRoute', () => {
  it('reads every view back from the link it writes', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'signin' },
      { name: 'region', code: '320826', asOf: '2025-06-30' },
      { name: 'region', code: '320826100' },
      { name: 'idle', code: '320826100' },
      { name: 'alerts', status: 'open', rule: 'IDLE_ALLOCATION' },
      { name: 'alerts' },
      { name: 'audit', code: '320826100200', asOf: '2025-12-31' },
      { name: 'household', id: 'h-320826100200-0003' },
      { name: 'publicRegion', code: '320826' },
      { name: 'publicVillage', code: '320826100200' },
    ];
    for (const route of routes) {
      const parsed = parseRoute(hrefOf(route));
      expect(parsed).toEqual(JSON.parse(JSON.stringify(route)));
    }
  });

  it('sends malformed codes, ids and parameters home or drops them', () => {
    expect(parseRoute('#/regions/32082')).toEqual({ name: 'home' });
    expect(parseRoute('#/villages/320826100')).toEqual({ name: 'home' });
    expect(parseRoute('#/households/a%20b')).toEqual({ name: 'home' });
    expect(parseRoute('#/public/villages/320826')).toEqual({ name: 'home' });
    expect(parseRoute('#/regions/320826?asOf=yesterday')).toEqual({
      name: 'region',
      code: '320826',
      asOf: undefined,
    });
    expect(parseRoute('#/alerts?status=closed&rule=drop%20table')).toEqual({
      name: 'alerts',
      status: undefined,
      rule: undefined,
    });
  });
});
