import { AlertServiceModule } from '@sunshine/alert-service';
import { PROJECT_STAGES } from '@sunshine/domain';
import { FundsServiceModule } from '@sunshine/funds-service';
import { LedgerProjectorModule } from '@sunshine/ledger-projector';
import { ProjectsServiceModule } from '@sunshine/projects-service';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
  type TestResponse,
} from '@sunshine/testing';

/** SPEC §13 end to end: helpers and visits, assets, the watch list, the household list. */

const COUNTY = '320826';
const VILLAGE = '320826100201';
const OTHER_VILLAGE = '320826100202';
const OTHER_COUNTY = '320830';
const OTHER_COUNTY_VILLAGE = '320830100201';
const WAIT_MS = 20_000;
const SHA = 'a'.repeat(64);

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

function expectAnswer(response: TestResponse, status: number, code?: string): void {
  const body = code ? { error: expect.objectContaining({ code }) } : expect.anything();
  expect({ status: response.status, body: response.body }).toEqual({ status, body });
}

const household = (householdId: string, villageCode: string, headName: string,
  members = 2) => ({
  householdId, villageCode, headName, idNumber: '32082619800101123X', members,
  registeredOn: '2024-01-02',
});

const income = (period: string, wagesFen: number) => ({
  period, wagesFen, businessFen: 0, propertyFen: 0, transferFen: 0, otherFen: 0,
});

describe.each(TEST_APP_STORES)('helpers, assets and the watch list over HTTP (%s store)',
  (store) => {
    let app: TestApp;
    let registrar: string;
    let manager: string;
    let auditor: string;

    const post = (path: string, body: unknown, token = registrar) =>
      app.request('POST', path, { token, body });
    const get = (path: string, token = auditor) => app.request('GET', path, { token });

    async function created(path: string, body: unknown, token = registrar): Promise<unknown> {
      const answer = await post(path, body, token);
      expectAnswer(answer, 201);
      return answer.body;
    }

    /** Waits until the ledger and the alert consumer have applied every stored event. */
    async function settled(): Promise<void> {
      const head = await app.runtime.store.headPosition();
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const ledger = await get(`/api/ledger/regions/${COUNTY}/summary`);
        const alerts = await get('/api/alerts?limit=1');
        const at = (r: TestResponse) => Number(r.headers.get('X-Projection-Position'));
        if (at(ledger) >= head && at(alerts) >= head) return;
        if (Date.now() > deadline) throw new Error('read models did not catch up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    async function scan(asOf: string): Promise<{ rule: string; subject: { id: string } }[]> {
      await settled();
      expectAnswer(await post('/api/alerts/scan', { asOf }, auditor), 201);
      const answer = await get('/api/alerts?limit=500&region=32');
      return (answer.body as { items: { rule: string; subject: { id: string } }[] }).items;
    }
    const keys = (items: { rule: string; subject: { id: string } }[]) =>
      items.filter((a) => a.rule.startsWith('HOUSEHOLD_') || a.rule === 'ASSET_NOT_REGISTERED')
        .map((a) => `${a.rule}:${a.subject.id}`).sort();

    beforeAll(async () => {
      app = await startTestApp({
        store,
        modules: (runtime) => [
          FundsServiceModule.register(runtime),
          ProjectsServiceModule.register(runtime),
          LedgerProjectorModule.register(runtime),
          AlertServiceModule.register(runtime),
        ],
      });
      registrar = app.token('registrar', [COUNTY]);
      manager = app.token('project_manager', [COUNTY]);
      auditor = app.token('auditor', ['32']);
      await seed();
    }, TEST_APP_BOOT_TIMEOUT_MS);
    afterAll(async () => app?.close());

    async function seed(): Promise<void> {
      await created('/api/households', household('hh-1', VILLAGE, '王小华'));
      await created('/api/households', household('hh-2', VILLAGE, '王大明'));
      await created('/api/households', household('hh-3', OTHER_VILLAGE, '李四', 1));
      await created('/api/households', household('hh-4', VILLAGE, '赵六', 1));
      await created('/api/households', household('hh-5', VILLAGE, '钱七', 3));
      const elsewhere = app.token('registrar', [OTHER_COUNTY]);
      await created('/api/households', household('hh-x', OTHER_COUNTY_VILLAGE, '孙八'),
        elsewhere);
      await created('/api/households/hh-1/incomes', income('2024Q1', 1_800_000));
      await created('/api/households/hh-2/incomes', income('2024Q1', 4_000_000));
      await created('/api/households/hh-2/incomes', income('2024Q2', 2_800_000));
      await created('/api/households/hh-3/incomes', income('2024Q1', 2_000_000));
      await created('/api/households/hh-3/incomes', income('2024Q2', 1_400_200));
      await created('/api/households/hh-4/incomes', income('2024Q1', 900_001));
      await created('/api/households/hh-5/incomes', income('2024Q1', 9_000_000));
      await created('/api/households/hh-5/exit', { exitedOn: '2024-04-01' });
      await created('/api/households/hh-5/return-to-poverty',
        { returnedOn: '2024-05-01', reason: 'illness' });
    }

    describe('helpers', () => {
      it('registers a helper with a PUT; the same registration again appends nothing',
        async () => {
          const body = { name: '张伟', unit: '县财政局', villageCodes: [VILLAGE] };
          const first = await app.request('PUT', '/api/helpers/hp-1', { token: registrar, body });
          expect(first.status).toBe(201);
          expect(first.body).toEqual({ id: 'hp-1', streamId: 'helper-hp-1', version: 1 });
          const again = await app.request('PUT', '/api/helpers/hp-1', { token: registrar, body });
          expect(again.body).toEqual({ id: 'hp-1', streamId: 'helper-hp-1', version: 1 });
          const outside = { ...body, villageCodes: [OTHER_COUNTY_VILLAGE] };
          const forbidden = await app.request('PUT', '/api/helpers/hp-9',
            { token: registrar, body: outside });
          expectAnswer(forbidden, 403, 'FORBIDDEN');
          const bad = await app.request('PUT', '/api/helpers/hp-9',
            { token: registrar, body: { ...body, villageCodes: ['3208'] } });
          expectAnswer(bad, 400, 'VALIDATION_FAILED');
          const wrongRole = await app.request('PUT', '/api/helpers/hp-9',
            { token: manager, body });
          expectAnswer(wrongRole, 403, 'FORBIDDEN');
          const second = { name: '刘芳', unit: '乡农经站', villageCodes: [VILLAGE] };
          expect((await app.request('PUT', '/api/helpers/hp-2',
            { token: registrar, body: second })).status).toBe(201);
        });

      it('assigns a helper and records visits; a helper not assigned is 422 NOT_ASSIGNED',
        async () => {
          const assigned = await created('/api/households/hh-1/helper',
            { helperId: 'hp-1', since: '2024-01-10' });
          expect(assigned).toEqual({ id: 'hh-1', streamId: 'household-hh-1', version: 3 });
          expectAnswer(await post('/api/households/hh-1/helper',
            { helperId: 'hp-404', since: '2024-01-10' }), 404, 'NOT_FOUND');
          expectAnswer(await post('/api/households/hh-3/helper',
            { helperId: 'hp-1', since: '2024-01-10' }), 422, 'INVALID_STATE');
          const visit = { helperId: 'hp-1', visitedOn: '2024-02-01', note: '了解务工情况',
            evidence: [{ docId: 'photo-1', sha256: SHA }] };
          await created('/api/households/hh-1/visits', visit);
          expectAnswer(await post('/api/households/hh-1/visits', { ...visit, helperId: 'hp-2' }),
            422, 'NOT_ASSIGNED');
          expectAnswer(await post('/api/households/hh-2/visits', visit), 422, 'NOT_ASSIGNED');
          expectAnswer(await post('/api/households/hh-1/visits', { ...visit, extra: 1 }), 400,
            'VALIDATION_FAILED');
          expectAnswer(await post('/api/households/hh-404/visits', visit), 404, 'NOT_FOUND');
          const events = await app.runtime.store.readStream('household-hh-1');
          expect(events.at(-1)).toMatchObject({ type: 'HouseholdVisited',
            occurredOn: '2024-02-01' });
        });

      it('serves the helper ledger: households, visits, last visit per household', async () => {
        await settled();
        const ledger = await get('/api/ledger/helpers/hp-1', registrar);
        expect(ledger.status).toBe(200);
        expect(ledger.body).toMatchObject({
          helperId: 'hp-1', name: '张伟', villageCodes: [VILLAGE],
          households: [{ householdId: 'hh-1', since: '2024-01-10', lastVisitOn: '2024-02-01' }],
          visits: [{ householdId: 'hh-1', visitedOn: '2024-02-01', note: '了解务工情况',
            evidence: [{ docId: 'photo-1', sha256: SHA }] }],
        });
        expectAnswer(await get('/api/ledger/helpers/hp-404'), 404, 'NOT_FOUND');
        const outsider = app.token('auditor', [OTHER_COUNTY]);
        expectAnswer(await get('/api/ledger/helpers/hp-1', outsider), 403, 'FORBIDDEN');
      });
    });

    describe('project assets', () => {
      const stage = (s: string, day: number) =>
        ({ stage: s, advancedOn: `2024-03-${String(day).padStart(2, '0')}` });

      async function project(projectId: string, last: string): Promise<void> {
        await created('/api/projects', { projectId, name: '光伏电站', villageCode: VILLAGE,
          kind: 'photovoltaic', budgetFen: 50_000_000, registeredOn: '2024-01-05' }, manager);
        for (const [index, s] of PROJECT_STAGES.slice(1).entries()) {
          await created(`/api/projects/${projectId}/stages`, stage(s, index + 1), manager);
          if (s === last) return;
        }
      }

      const asset = { assetId: 'as-1', name: '光伏板', kind: 'operating', valueFen: 3_000_000,
        ownerVillageCode: VILLAGE, acquiredOn: '2024-03-06' };

      it('refuses an asset before completion (422 INVALID_STAGE), takes it after', async () => {
        await project('pr-1', 'construction');
        expectAnswer(await post('/api/projects/pr-1/assets', asset, manager), 422,
          'INVALID_STAGE');
        await created('/api/projects/pr-1/stages', stage('completion', 6), manager);
        const answer = await created('/api/projects/pr-1/assets', asset, manager);
        expect(answer).toEqual({ id: 'as-1', streamId: 'project-pr-1', version: 8 });
        expectAnswer(await post('/api/projects/pr-1/assets', asset, manager), 409,
          'ALREADY_EXISTS');
        expectAnswer(await post('/api/projects/pr-1/assets',
          { ...asset, assetId: 'as-2', ownerVillageCode: OTHER_COUNTY_VILLAGE }, manager), 403,
        'FORBIDDEN');
        expectAnswer(await post('/api/projects/pr-1/assets',
          { ...asset, assetId: 'as-2', valueFen: 1.5 }, manager), 400, 'VALIDATION_FAILED');
        await created('/api/projects/pr-1/assets', { ...asset, assetId: 'as-2',
          kind: 'public_welfare', valueFen: 1_000_000, ownerVillageCode: OTHER_VILLAGE }, manager);
        await created('/api/projects/pr-1/stages', stage('acceptance', 7), manager);
        await project('pr-2', 'acceptance');
      });

      it('lists the region\'s assets with totals by kind', async () => {
        await settled();
        const county = await get(`/api/ledger/assets?region=${COUNTY}`, manager);
        expect(county.status).toBe(200);
        expect(county.body).toMatchObject({
          items: [
            { assetId: 'as-1', projectId: 'pr-1', kind: 'operating', valueFen: 3_000_000 },
            { assetId: 'as-2', kind: 'public_welfare', ownerVillageCode: OTHER_VILLAGE },
          ],
          totals: {
            operating: { count: 1, valueFen: 3_000_000 },
            public_welfare: { count: 1, valueFen: 1_000_000 },
            household: { count: 0, valueFen: 0 },
          },
          totalValueFen: 4_000_000,
        });
        const village = await get(`/api/ledger/assets?region=${VILLAGE}`, manager);
        expect((village.body as { items: unknown[] }).items).toHaveLength(1);
        const paged = await get(`/api/ledger/assets?region=${COUNTY}&limit=1`, manager);
        const next = (paged.body as { nextCursor: string }).nextCursor;
        expect(next).toBe('pr-1/as-1');
        const rest = await get(`/api/ledger/assets?region=${COUNTY}&cursor=${next}`, manager);
        expect(rest.body).toMatchObject({ items: [{ assetId: 'as-2' }] });
        expectAnswer(await get(`/api/ledger/assets?region=${OTHER_COUNTY}`, manager), 403,
          'FORBIDDEN');
      });
    });

    describe('the watch list', () => {
      it('lists low incomes, drops of 30 % or more and recent returns', async () => {
        await settled();
        const answer = await get(`/api/ledger/watch-list?region=${COUNTY}&asOf=2024-12-31`,
          registrar);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({
          asOf: '2024-12-31',
          watchLineFen: 900_000,
          items: [
            { householdId: 'hh-1', villageCode: VILLAGE, headName: '王小华', status: 'in_poverty',
              reasons: ['LOW_INCOME'], incomePerMemberFen: 900_000 },
            { householdId: 'hh-2', villageCode: VILLAGE, headName: '王大明', status: 'in_poverty',
              reasons: ['INCOME_DROP'], incomePerMemberFen: 1_400_000,
              previousIncomePerMemberFen: 2_000_000 },
            { householdId: 'hh-5', villageCode: VILLAGE, headName: '钱七', status: 'in_poverty',
              reasons: ['RECENT_RETURN'], incomePerMemberFen: 3_000_000 },
          ],
        });
        const text = JSON.stringify(answer.body);
        expect(text).not.toContain('32082619800101123X');
      });

      it('follows asOf: before the return, hh-5 is exited and not on the list', async () => {
        const answer = await get(`/api/ledger/watch-list?region=${VILLAGE}&asOf=2024-04-15`,
          auditor);
        const ids = (answer.body as { items: { householdId: string }[] }).items
          .map((i) => i.householdId);
        expect(ids).toEqual(['hh-1']);
      });

      it('is for the poverty office and supervisors only', async () => {
        expectAnswer(await get('/api/ledger/watch-list', manager), 403, 'FORBIDDEN');
        expectAnswer(await get('/api/ledger/watch-list?asOf=2024-13-01', registrar), 400,
          'VALIDATION_FAILED');
      });
    });

    describe('the household list', () => {
      it('pages by village and household id and searches names and ids, never id numbers', async () => {
        await settled();
        const first = await get(`/api/ledger/households?region=${COUNTY}&limit=2`, registrar);
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({
          items: [{ householdId: 'hh-1', headName: '王小华', helperId: 'hp-1' },
            { householdId: 'hh-2' }],
          nextCursor: `${VILLAGE}_hh-2`,
        });
        const rest = await get(`/api/ledger/households?region=${COUNTY}&cursor=${VILLAGE}_hh-2`,
          registrar);
        const ids = (r: TestResponse) =>
          (r.body as { items: { householdId: string }[] }).items.map((i) => i.householdId);
        // By village, then by id: hh-3 lives in the second village.
        expect(ids(rest)).toEqual(['hh-4', 'hh-5', 'hh-3']);
        expect((rest.body as { nextCursor?: string }).nextCursor).toBeUndefined();
        const byName = await get(`/api/ledger/households?q=${encodeURIComponent('王')}`,
          registrar);
        expect(ids(byName)).toEqual(['hh-1', 'hh-2']);
        const byId = await get('/api/ledger/households?q=hh-4', registrar);
        expect(ids(byId)).toEqual(['hh-4']);
        const byNumber = await get('/api/ledger/households?q=320826198001011', registrar);
        expect(ids(byNumber)).toEqual([]);
        const wildcard = await get('/api/ledger/households?q=%25', registrar);
        expect(ids(wildcard)).toEqual([]);
        const exited = await get(`/api/ledger/households?region=${VILLAGE}&status=in_poverty`,
          registrar);
        expect(ids(exited)).toEqual(['hh-1', 'hh-2', 'hh-4', 'hh-5']);
        expect(JSON.stringify([first.body, rest.body])).not.toMatch(/idNumber|32082619800101123X/);
        expectAnswer(await get('/api/ledger/households?status=gone', registrar), 400,
          'VALIDATION_FAILED');
        expectAnswer(await get('/api/ledger/households?cursor=hh-2', registrar), 400,
          'VALIDATION_FAILED');
        expectAnswer(await get(`/api/ledger/households?region=${OTHER_COUNTY}`, registrar), 403,
          'FORBIDDEN');
      });
    });

    describe('the time rules', () => {
      it('raise NOT_VISITED on day 91, WITHOUT_HELPER after 30 days, ASSET on day 91, and '
        + 'nothing in a county without helpers', async () => {
        const may1 = keys(await scan('2024-05-01'));
        expect(may1).toEqual([
          'HOUSEHOLD_WITHOUT_HELPER:hh-2',
          'HOUSEHOLD_WITHOUT_HELPER:hh-3',
          'HOUSEHOLD_WITHOUT_HELPER:hh-4',
          'HOUSEHOLD_WITHOUT_HELPER:hh-5',
        ]);
        const may2 = keys(await scan('2024-05-02'));
        expect(may2).toContain('HOUSEHOLD_NOT_VISITED:hh-1');
        expect(keys(await scan('2024-06-05'))).not.toContain('ASSET_NOT_REGISTERED:pr-2');
        const june6 = keys(await scan('2024-06-06'));
        expect(june6).toContain('ASSET_NOT_REGISTERED:pr-2');
        expect(june6).not.toContain('ASSET_NOT_REGISTERED:pr-1');
        expect(june6.filter((key) => key.endsWith(':hh-x'))).toEqual([]);
      });
    });
  });
