import { FundsServiceModule } from '@sunshine/funds-service';
import { ledgerSummarySchema } from '@sunshine/ledger';
import { ProjectsServiceModule } from '@sunshine/projects-service';
import {
  startTestApp,
  TEST_APP_STORES,
  type TestApp,
  type TestResponse,
} from '@sunshine/testing';
import { LedgerProjectorModule } from '../ledger-projector.module';
import { PROJECTION_POSITION_HEADER } from '../position';

const COUNTY = '320826';
const VILLAGE = '320826100201';
const OTHER_VILLAGE = '320826100202';
const PROJECTION_WAIT_MS = 15_000;
/** Reads until two in a row carry one projection position. */
const SETTLE_READS_MAX = 50;
/** Jest applies its 5 s default unless a test names its own limit. */
const TEST_TIMEOUT_MS = 60_000;

jest.setTimeout(TEST_TIMEOUT_MS);

/** Polls a read until `ready` holds for its body, as a client waiting for its own write. */
async function eventually(
  read: () => Promise<TestResponse>,
  ready: (body: Record<string, unknown>, response: TestResponse) => boolean,
): Promise<TestResponse> {
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  for (;;) {
    const response = await read();
    const body = response.body as Record<string, unknown>;
    if (response.status === 200 && ready(body, response)) return response;
    if (Date.now() > deadline) {
      throw new Error(`projection did not catch up: ${JSON.stringify(response.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(app: TestApp, path: string, token: string, body: unknown): Promise<string> {
  const response = await app.request('POST', path, { token, body });
  if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}

describe.each(TEST_APP_STORES)('ledger reads over HTTP (%s store)', (store) => {
  let app: TestApp;
  let finance: string;
  let registrar: string;
  let auditor: string;
  let fundId: string;

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        ProjectsServiceModule.register(runtime),
        LedgerProjectorModule.register(runtime),
      ],
    });
    finance = app.token('finance', [COUNTY]);
    registrar = app.token('registrar', [COUNTY]);
    auditor = app.token('auditor', ['32']);
    await post(app, '/api/households', registrar, {
      householdId: 'hh-a',
      villageCode: OTHER_VILLAGE,
      headName: '李明华',
      idNumber: '320826198001011234',
      members: 3,
      registeredOn: '2024-01-02',
    });
    fundId = await post(app, '/api/funds', finance, {
      name: '衔接资金',
      category: 'industry',
      department: '财政局',
      level: 'central',
      fiscalYear: 2024,
      countyCode: COUNTY,
      amountFen: 1_000_000,
      receivedOn: '2024-01-10',
    });
    await post(app, `/api/funds/${fundId}/allocations`, finance, {
      allocationId: 'al-1',
      target: { type: 'village', id: VILLAGE },
      villageCode: VILLAGE,
      amountFen: 400_000,
      allocatedOn: '2024-02-01',
    });
    await post(app, `/api/funds/${fundId}/household-payments`, finance, {
      allocationId: 'al-1',
      householdId: 'hh-a',
      amountFen: 50_000,
      paidOn: '2024-03-02',
      channel: 'bank',
      voucherNo: 'P-1',
    });
  });
  afterAll(async () => app?.close());

  const summaryOf = (code: string, query = '', token = auditor) =>
    app.request('GET', `/api/ledger/regions/${code}/summary${query}`, { token });

  it('serves the county summary and the projection position once projected', async () => {
    // The position is read before the answer is computed, so an answer may already include
    // an event its header does not claim yet (never the other way round): `eventually` fails
    // the test unless both the figures and a header of at least the fourth event arrive.
    const position = (response: TestResponse) =>
      Number(response.headers.get(PROJECTION_POSITION_HEADER));
    const response = await eventually(
      () => summaryOf(COUNTY, '?asOf=2024-12-31'),
      (body, answer) => body.disbursedFen === 50_000 && position(answer) >= 4,
    );
    expect(response.body).toMatchObject({
      receivedFen: 1_000_000,
      allocatedFen: 400_000,
      retainedFen: 950_000,
      retentionRate: 0.95,
      householdsByStatus: { in_poverty: 1 },
      children: [expect.objectContaining({ regionCode: '320826100', receivedFen: 400_000 })],
    });
  });

  it('attributes the payment to the allocation’s village, not the household’s', async () => {
    await eventually(() => summaryOf(COUNTY), (body) => body.disbursedFen === 50_000);
    const village = await summaryOf(VILLAGE, '?asOf=2024-12-31');
    const other = await summaryOf(OTHER_VILLAGE, '?asOf=2024-12-31');
    expect(village.body).toMatchObject({ disbursedFen: 50_000, retainedFen: 350_000 });
    expect(other.body).toMatchObject({ disbursedFen: 0, receivedFen: 0 });
  });

  it('replays the village, the household, and the fund', async () => {
    await eventually(() => summaryOf(COUNTY), (body) => body.disbursedFen === 50_000);
    const history = await app.request(
      'GET',
      `/api/ledger/villages/${VILLAGE}/history?asOf=2024-12-31`,
      { token: finance },
    );
    expect(history.body).toMatchObject({
      villageCode: VILLAGE,
      asOf: '2024-12-31',
      entries: [
        expect.objectContaining({ type: 'FundAllocated', balanceFen: 400_000 }),
        expect.objectContaining({ type: 'HouseholdPaid', balanceFen: 350_000 }),
      ],
      integrity: { verified: true, streams: 1 },
    });
    const paged = `/api/ledger/villages/${VILLAGE}/history?asOf=2024-12-31&limit=1`;
    const first = await app.request('GET', paged, { token: finance });
    expect(first.body).toMatchObject({ truncated: true, entries: [{ balanceFen: 400_000 }] });
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    const second = await app.request('GET', `${paged}&cursor=${cursor}`, { token: finance });
    expect(second.body).toMatchObject({ truncated: false, entries: [{ balanceFen: 350_000 }] });
    expect(second.body).not.toHaveProperty('nextCursor');
    const forged = await app.request('GET', `${paged}&cursor=bm90LWEtY3Vyc29y`, { token: finance });
    expect(forged.status).toBe(400);
    const full = `/api/ledger/villages/${VILLAGE}/history?asOf=2024-12-31&verify=full`;
    const audited = await app.request('GET', full, { token: auditor });
    expect(audited.body).toMatchObject({ integrity: { verified: true, streams: 1 } });
    expect((await app.request('GET', full, { token: finance })).status).toBe(403);
    const timeline = await app.request('GET', '/api/ledger/households/hh-a/timeline', {
      token: registrar,
    });
    expect(timeline.body).toMatchObject({ maskedName: '李*华', villageCode: OTHER_VILLAGE });
    expect(JSON.stringify(timeline.body)).not.toContain('320826198001011234');
    const fund = await app.request('GET', `/api/ledger/funds/${fundId}?asOf=2024-12-31`, {
      token: finance,
    });
    expect(fund.body).toMatchObject({
      allocations: [expect.objectContaining({ allocationId: 'al-1', remainingFen: 350_000 })],
    });
  });

  it('answers 401 without a token, 403 outside the regions, 404 for unknown ids', async () => {
    expect((await app.request('GET', `/api/ledger/regions/${COUNTY}/summary`)).status).toBe(401);
    const outsider = app.token('finance', ['320830']);
    expect((await summaryOf(COUNTY, '', outsider)).status).toBe(403);
    expect((await summaryOf('32', '', finance)).status).toBe(403);
    const household = await app.request('GET', '/api/ledger/households/hh-a/timeline', {
      token: outsider,
    });
    expect(household.status).toBe(403);
    const unknown = await app.request('GET', '/api/ledger/projects/nope', { token: auditor });
    expect(unknown.status).toBe(404);
  });

  it('rejects a malformed asOf, an unknown parameter and a bad code with 400', async () => {
    for (const query of ['?asOf=2024-02-30', '?asOf=yesterday', '?foo=1', '?fiscalYear=x']) {
      const response = await summaryOf(COUNTY, query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await summaryOf('12345')).status).toBe(400);
    expect((await app.request('GET', '/api/public/villages/320826')).status).toBe(400);
  });

  it('reads empty parameters as absent, so asOf defaults to today', async () => {
    const response = await summaryOf(COUNTY, '?asOf=&category=&fiscalYear=');
    expect(response.status).toBe(200);
    const plain = await summaryOf(COUNTY);
    const { asOf, category, fiscalYear } = response.body as Record<string, unknown>;
    expect({ asOf, category, fiscalYear }).toEqual({
      asOf: (plain.body as Record<string, unknown>).asOf,
      category: null,
      fiscalYear: null,
    });
  });

  it('shows the public a village with masked names and no token needed', async () => {
    const response = await eventually(
      () => app.request('GET', `/api/public/villages/${VILLAGE}?asOf=2024-12-31`),
      (body) => Array.isArray(body.payments) && body.payments.length === 1,
    );
    expect(response.body).toMatchObject({
      payments: [{ householdName: '李*华', amountFen: 50_000, paidOn: '2024-03-02' }],
      totals: { receivedFen: 400_000, disbursedFen: 50_000 },
    });
    expect(response.headers.get(PROJECTION_POSITION_HEADER)).toMatch(/^\d+$/);
    const region = await app.request('GET', `/api/public/regions/${COUNTY}/summary`);
    expect(region.status).toBe(200);
    expect(region.body).not.toHaveProperty('openAlertsByRule');
  });

  it('exposes the projection position and its lag to Prometheus', async () => {
    await eventually(() => summaryOf(COUNTY), (body) => body.disbursedFen === 50_000);
    const metrics = await app.request('GET', '/metrics');
    const text = String(metrics.body);
    const value = (name: string) => /^(\d+)$/.exec(
      text.split('\n').find((line) => line.startsWith(`${name}{`))?.split(' ').pop() ?? '',
    )?.[1];
    expect(Number(value('sunshine_ledger_projection_position'))).toBeGreaterThanOrEqual(4);
    expect(value('sunshine_ledger_projection_lag_events')).toBe('0');
  });

  // Last: it adds a payment, which the tests above do not expect.
  it('answers a repeated summary from the cache, and a new payment changes it', async () => {
    const positionOf = (response: TestResponse) =>
      Number(response.headers.get(PROJECTION_POSITION_HEADER));
    const hits = async () => {
      const text = String((await app.request('GET', '/metrics')).body);
      const line = text.split('\n').find((l) => l.includes('summary_cache_lookups_total{') &&
        l.includes('result="hit"'));
      return Number(line?.split(' ').pop() ?? 0);
    };
    let first = await eventually(
      () => summaryOf(COUNTY, '?asOf=2024-12-31'),
      (body) => body.disbursedFen === 50_000,
    );
    // The projection may still be applying events that leave the summary as it is.
    let again = first;
    let hitsBefore = 0;
    for (let read = 0; read < SETTLE_READS_MAX; read += 1) {
      first = again;
      hitsBefore = await hits();
      again = await summaryOf(COUNTY, '?asOf=2024-12-31');
      if (positionOf(again) === positionOf(first)) break;
    }
    expect(positionOf(again)).toBe(positionOf(first));
    expect(again.body).toEqual(first.body);
    expect(await hits()).toBeGreaterThan(hitsBefore);
    await post(app, `/api/funds/${fundId}/household-payments`, finance, {
      allocationId: 'al-1',
      householdId: 'hh-a',
      amountFen: 20_000,
      paidOn: '2024-04-02',
      channel: 'bank',
      voucherNo: 'P-2',
    });
    const after = await eventually(
      () => summaryOf(COUNTY, '?asOf=2024-12-31'),
      (body) => body.disbursedFen === 70_000,
    );
    expect(positionOf(after)).toBeGreaterThan(positionOf(first));
    const publicSummary = await app.request(
      'GET',
      `/api/public/regions/${COUNTY}/summary?asOf=2024-12-31`,
    );
    expect(positionOf(publicSummary)).toBeGreaterThanOrEqual(positionOf(after));
    expect(publicSummary.body).toMatchObject({ disbursedFen: 70_000, retainedFen: 930_000 });
    // What a shared (Redis) cache gives back passes its schema unchanged.
    expect(ledgerSummarySchema.parse(publicSummary.body)).toEqual(publicSummary.body);
  });
});
