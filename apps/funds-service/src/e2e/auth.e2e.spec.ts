import type { Role } from '@sunshine/platform';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import {
  allocationBody,
  COUNTY,
  created,
  disbursementBody,
  expectError,
  fundBody,
  fundWithAllocation,
  householdBody,
  OTHER_COUNTY,
  OTHER_COUNTY_VILLAGE,
  TOWN,
  VILLAGE,
} from './fixtures';

interface Case {
  what: string;
  role: Role;
  regions: string[];
  method: 'GET' | 'POST' | 'PUT';
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  status: number;
}

interface Ids {
  fundId: string;
  allocationId: string;
  householdId: string;
}

const exitBody = () => ({ exitedOn: '2024-06-30' });

const CASES: Case[] = [
  { what: 'registrar receives a fund', role: 'registrar', regions: [COUNTY], method: 'POST',
    path: () => '/api/funds', body: () => fundBody(), status: 403 },
  { what: 'auditor receives a fund', role: 'auditor', regions: ['32'], method: 'POST',
    path: () => '/api/funds', body: () => fundBody(), status: 403 },
  { what: 'project manager allocates', role: 'project_manager', regions: [COUNTY],
    method: 'POST', path: (i) => `/api/funds/${i.fundId}/allocations`,
    body: () => allocationBody(), status: 403 },
  { what: 'finance registers a household', role: 'finance', regions: [COUNTY], method: 'POST',
    path: () => '/api/households', body: () => householdBody(), status: 403 },
  { what: 'finance defines a region', role: 'finance', regions: [COUNTY], method: 'PUT',
    path: () => `/api/regions/${COUNTY}`, body: () => ({ name: 'x' }), status: 403 },
  { what: 'finance of another county receives here', role: 'finance', regions: [OTHER_COUNTY],
    method: 'POST', path: () => '/api/funds', body: () => fundBody(), status: 403 },
  { what: 'finance of another county allocates here', role: 'finance',
    regions: [OTHER_COUNTY], method: 'POST', path: (i) => `/api/funds/${i.fundId}/allocations`,
    body: () => allocationBody(), status: 403 },
  { what: 'finance of a town acts on a county fund', role: 'finance', regions: [TOWN],
    method: 'POST', path: (i) => `/api/funds/${i.fundId}/disbursements`,
    body: (i) => disbursementBody(i.allocationId), status: 403 },
  { what: 'finance of the city allocates outside the fund\'s county', role: 'finance',
    regions: [COUNTY.slice(0, 4)], method: 'POST',
    path: (i) => `/api/funds/${i.fundId}/allocations`,
    body: () => allocationBody({ villageCode: OTHER_COUNTY_VILLAGE,
      target: { type: 'village', id: OTHER_COUNTY_VILLAGE } }), status: 400 },
  { what: 'finance of a village acts on its county\'s fund', role: 'finance', regions: [VILLAGE],
    method: 'POST', path: (i) => `/api/funds/${i.fundId}/household-payments`,
    body: (i) => ({ allocationId: i.allocationId, householdId: 'h', amountFen: 1,
      paidOn: '2024-03-01', channel: 'bank', voucherNo: 'v' }), status: 403 },
  { what: 'registrar of another county exits a household here', role: 'registrar',
    regions: [OTHER_COUNTY], method: 'POST', path: (i) => `/api/households/${i.householdId}/exit`,
    body: exitBody, status: 403 },
  { what: 'registrar of the village exits its household', role: 'registrar',
    regions: [VILLAGE], method: 'POST', path: (i) => `/api/households/${i.householdId}/exit`,
    body: exitBody, status: 201 },
  { what: 'finance of the province receives here', role: 'finance', regions: ['32'],
    method: 'POST', path: () => '/api/funds', body: () => fundBody(), status: 201 },
  { what: 'admin with no regions allocates', role: 'admin', regions: [], method: 'POST',
    path: (i) => `/api/funds/${i.fundId}/allocations`, body: () => allocationBody({
      amountFen: 1 }), status: 201 },
  { what: 'provincial auditor reads a fund', role: 'auditor', regions: ['32'], method: 'GET',
    path: (i) => `/api/funds/${i.fundId}`, status: 200 },
  { what: 'auditor of another city reads a fund', role: 'auditor', regions: ['3209'],
    method: 'GET', path: (i) => `/api/funds/${i.fundId}`, status: 403 },
  { what: 'registrar reads a fund', role: 'registrar', regions: [COUNTY], method: 'GET',
    path: (i) => `/api/funds/${i.fundId}/events`, status: 403 },
  { what: 'finance of another county reads a fund\'s events', role: 'finance',
    regions: [OTHER_COUNTY], method: 'GET', path: (i) => `/api/funds/${i.fundId}/events`,
    status: 403 },
];

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('roles and regions over HTTP (%s store)', (store) => {
  let app: TestApp;
  let ids: Ids;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    const finance = app.token('finance', [COUNTY]);
    const registrar = app.token('registrar', [COUNTY]);
    const fund = await fundWithAllocation(app, finance);
    const household = created(
      await app.request('POST', '/api/households', { token: registrar, body: householdBody() }),
    );
    ids = { ...fund, householdId: household.id };
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it.each(CASES)('$what → $status', async (c) => {
    const token = app.token(c.role, c.regions);
    const answer = await app.request(c.method, c.path(ids), { token, body: c.body?.(ids) });
    if (c.status === 403) expectError(answer, 403, 'FORBIDDEN');
    else expect(answer.status).toBe(c.status);
  });

  const routes: [string, string][] = [
    ['PUT', `/api/regions/${COUNTY}`],
    ['POST', '/api/funds'],
    ['POST', '/api/funds/f/allocations'],
    ['POST', '/api/funds/f/disbursements'],
    ['POST', '/api/funds/f/household-payments'],
    ['POST', '/api/funds/f/returns'],
    ['POST', '/api/households'],
    ['POST', '/api/households/h/incomes'],
    ['POST', '/api/households/h/exit'],
    ['POST', '/api/households/h/return-to-poverty'],
    ['POST', '/api/households/h/deregister'],
    ['POST', '/api/households/h/cross-check-hits'],
    ['GET', '/api/funds/f'],
    ['GET', '/api/funds/f/events'],
  ];

  it.each(routes)('%s %s without a token → 401', async (method, path) => {
    const answer = await app.request(method, path, { body: method === 'GET' ? undefined : {} });
    expectError(answer, 401, 'UNAUTHORIZED');
  });

  it('answers 401 to a token signed with another secret', async () => {
    const answer = await app.request('POST', '/api/funds', {
      token: `${app.token('finance', [COUNTY]).slice(0, -4)}AAAA`,
      body: fundBody(),
    });
    expectError(answer, 401, 'UNAUTHORIZED');
  });
});
