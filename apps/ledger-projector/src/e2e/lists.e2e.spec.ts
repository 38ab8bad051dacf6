import { FundsServiceModule } from '@sunshine/funds-service';
import { ProjectsServiceModule } from '@sunshine/projects-service';
import { startTestApp, TEST_APP_STORES, type TestApp } from '@sunshine/testing';
import { LedgerProjectorModule } from '../ledger-projector.module';

const COUNTY = '320826';
const OTHER_COUNTY = '320830';
const VILLAGE = '320826100201';
const PROJECTION_WAIT_MS = 15_000;

jest.setTimeout(60_000);

interface Page {
  items: { fundId?: string; projectId?: string }[];
  nextCursor?: string;
}

async function post(app: TestApp, path: string, token: string, body: unknown): Promise<void> {
  const response = await app.request('POST', path, { token, body });
  if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
}

const fund = (fundId: string, countyCode: string, category: string, fiscalYear: number) => ({
  fundId, name: `资金 ${fundId}`, category, department: '财政局', level: 'central', fiscalYear,
  countyCode, amountFen: 1_000_000, receivedOn: '2024-01-10',
});

describe.each(TEST_APP_STORES)('fund and project lists over HTTP (%s store)', (store) => {
  let app: TestApp;
  let auditor: string;

  async function list(path: string, token = auditor): Promise<Page> {
    const response = await app.request('GET', path, { token });
    if (response.status !== 200) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
    return response.body as Page;
  }

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        ProjectsServiceModule.register(runtime),
        LedgerProjectorModule.register(runtime),
      ],
    });
    auditor = app.token('auditor', ['32']);
    const finance = app.token('finance', [COUNTY, OTHER_COUNTY]);
    const manager = app.token('project_manager', [COUNTY]);
    await post(app, '/api/funds', finance, fund('f-a', COUNTY, 'industry', 2024));
    await post(app, '/api/funds', finance, fund('f-b', COUNTY, 'housing', 2024));
    await post(app, '/api/funds', finance, fund('f-c', COUNTY, 'industry', 2025));
    await post(app, '/api/funds', finance, fund('f-d', OTHER_COUNTY, 'industry', 2024));
    await post(app, '/api/funds/f-c/allocations', finance, {
      allocationId: 'al-1', target: { type: 'village', id: VILLAGE }, villageCode: VILLAGE,
      amountFen: 400_000, allocatedOn: '2025-02-01',
    });
    for (const projectId of ['p-1', 'p-2']) {
      await post(app, '/api/projects', manager, {
        projectId, name: `项目 ${projectId}`, villageCode: VILLAGE, kind: 'industry',
        budgetFen: 500_000, registeredOn: '2024-03-01',
      });
    }
    await post(app, '/api/projects/p-2/stages', manager, {
      stage: 'feasibility', advancedOn: '2024-04-01', evidence: [],
    });
    const deadline = Date.now() + PROJECTION_WAIT_MS;
    while ((await list('/api/ledger/projects?stage=feasibility')).items.length === 0) {
      if (Date.now() > deadline) throw new Error('the projects were not projected');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => app?.close());

  it('filters funds by region, category and fiscal year and shows what was allocated', async () => {
    const ids = async (query: string) =>
      (await list(`/api/ledger/funds${query}`)).items.map((item) => item.fundId);
    expect(await ids('')).toEqual(['f-a', 'f-b', 'f-c', 'f-d']);
    expect(await ids(`?region=${COUNTY}`)).toEqual(['f-a', 'f-b', 'f-c']);
    expect(await ids(`?region=${COUNTY}&category=industry`)).toEqual(['f-a', 'f-c']);
    expect(await ids('?category=industry&fiscalYear=2024')).toEqual(['f-a', 'f-d']);
    expect(await ids('?department=%E8%B4%A2%E6%94%BF%E5%B1%80&fiscalYear=2025')).toEqual(['f-c']);
    // A village sees the funds allocated into it, not every fund of its county.
    expect(await ids(`?region=${VILLAGE}`)).toEqual(['f-c']);
    const [allocated] = (await list('/api/ledger/funds?fiscalYear=2025')).items as unknown as {
      allocatedFen: number; unallocatedFen: number;
    }[];
    expect(allocated).toMatchObject({ allocatedFen: 400_000, unallocatedFen: 600_000 });
  });

  it('pages in id order with a cursor until the last page has none', async () => {
    const first = await list('/api/ledger/funds?limit=3');
    expect(first.items.map((item) => item.fundId)).toEqual(['f-a', 'f-b', 'f-c']);
    expect(first.nextCursor).toBe('f-c');
    const second = await list(`/api/ledger/funds?limit=3&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ fundId: 'f-d' })] });
  });

  it('keeps a caller inside their regions', async () => {
    const finance = app.token('finance', [COUNTY]);
    const own = await list('/api/ledger/funds', finance);
    expect(own.items.map((item) => item.fundId)).toEqual(['f-a', 'f-b', 'f-c']);
    const outside = await app.request('GET', `/api/ledger/funds?region=${OTHER_COUNTY}`, {
      token: finance,
    });
    expect(outside.status).toBe(403);
  });

  it('lists projects by stage', async () => {
    const all = await list(`/api/ledger/projects?region=${COUNTY}`);
    expect(all.items.map((item) => item.projectId)).toEqual(['p-1', 'p-2']);
    const feasibility = await list('/api/ledger/projects?stage=feasibility');
    expect(feasibility.items).toEqual([
      expect.objectContaining({ projectId: 'p-2', stage: 'feasibility', villageCode: VILLAGE }),
    ]);
  });

  it('names on the public village page the funds its money came from', async () => {
    const response = await app.request('GET', `/api/public/villages/${VILLAGE}`);
    expect(response.status).toBe(200);
    expect((response.body as { sources: unknown }).sources).toEqual([
      {
        fundId: 'f-c', fundName: '资金 f-c', category: 'industry', department: '财政局',
        level: 'central', fiscalYear: 2025, allocatedFen: 400_000,
      },
    ]);
    const before = await app.request('GET', `/api/public/villages/${VILLAGE}?asOf=2025-01-31`);
    expect((before.body as { sources: unknown }).sources).toEqual([]);
  });

  it('answers malformed filters with 400 in the SPEC format', async () => {
    for (const path of [
      '/api/ledger/funds?limit=0',
      '/api/ledger/funds?limit=201',
      '/api/ledger/funds?fiscalYear=20x4',
      '/api/ledger/funds?cursor=a%20b',
      '/api/ledger/funds?colour=red',
      '/api/ledger/projects?stage=done',
      '/api/ledger/projects?region=3208261',
    ]) {
      const response = await app.request('GET', path, { token: auditor });
      expect([path, response.status]).toEqual([path, 400]);
      expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const anonymous = await app.request('GET', '/api/ledger/funds');
    expect(anonymous.status).toBe(401);
  });
});
