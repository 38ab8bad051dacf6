import { FundsServiceModule } from '@sunshine/funds-service';
import { startTestApp, type TestApp, type TestResponse } from '@sunshine/testing';
import { AlertServiceModule } from '../alert-service.module';
import { PROJECTION_POSITION_HEADER } from '../alerts.controller';

const COUNTY = '320826';
const VILLAGE = '320826100201';
const ALERT_WAIT_MS = 20_000;

interface AlertItem {
  alertId: string;
  rule: string;
  status: string;
  subject: { type: string; id: string };
  regionCode: string;
}

async function post(app: TestApp, path: string, token: string, body: unknown): Promise<string> {
  const response = await app.request('POST', path, { token, body });
  if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}

/** Polls the alert list until `ready` holds, as a client waiting for its own write. */
async function alertsWhen(
  app: TestApp,
  token: string,
  ready: (items: AlertItem[]) => boolean,
): Promise<AlertItem[]> {
  const deadline = Date.now() + ALERT_WAIT_MS;
  for (;;) {
    const response = await app.request('GET', '/api/alerts?limit=500', { token });
    const items = (response.body as { items: AlertItem[] }).items;
    if (response.status === 200 && ready(items)) return items;
    if (Date.now() > deadline) throw new Error(`alerts never settled: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const keys = (items: AlertItem[]) => items.map((a) => `${a.rule}:${a.subject.id}`).sort();

describe('alert API over HTTP', () => {
  let app: TestApp;
  let finance: string;
  let registrar: string;
  let auditor: string;
  let fundId: string;

  beforeAll(async () => {
    app = await startTestApp({
      store: 'postgres',
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        AlertServiceModule.register(runtime),
      ],
    });
    finance = app.token('finance', [COUNTY]);
    registrar = app.token('registrar', [COUNTY]);
    auditor = app.token('auditor', ['32']);
    await seed();
  });

  afterAll(async () => {
    await app.close();
  });

  async function seed(): Promise<void> {
    const household = (householdId: string) => ({
      householdId,
      villageCode: VILLAGE,
      headName: '王小华',
      idNumber: '32082619900101123X',
      members: 3,
      registeredOn: '2023-06-01',
    });
    await post(app, '/api/households', registrar, household('h-exited'));
    await post(app, '/api/households', registrar, household('h-false-exit'));
    await post(app, '/api/households/h-false-exit/incomes', registrar, {
      period: '2024Q1',
      wagesFen: 1_500_000,
      businessFen: 0,
      propertyFen: 0,
      transferFen: 400_000,
      otherFen: 0,
      oneOffTransfers: [{ kind: 'medical_reimbursement', amountFen: 400_000 }],
    });
    await post(app, '/api/households/h-false-exit/exit', registrar, { exitedOn: '2024-04-10' });
    await post(app, '/api/households/h-exited/incomes', registrar, {
      period: '2024Q1',
      wagesFen: 2_400_000,
      businessFen: 0,
      propertyFen: 0,
      transferFen: 0,
      otherFen: 0,
    });
    await post(app, '/api/households/h-exited/exit', registrar, { exitedOn: '2024-04-01' });
    fundId = await post(app, '/api/funds', finance, {
      name: '衔接资金',
      category: 'industry',
      department: '财政局',
      level: 'central',
      fiscalYear: 2024,
      countyCode: COUNTY,
      amountFen: 50_000_000,
      receivedOn: '2024-01-02',
    });
    await post(app, `/api/funds/${fundId}/allocations`, finance, {
      allocationId: 'al-1',
      target: { type: 'village', id: VILLAGE },
      villageCode: VILLAGE,
      amountFen: 10_000_000,
      allocatedOn: '2024-01-05',
    });
    const pay = (paymentId: string, householdId: string, paidOn: string) =>
      post(app, `/api/funds/${fundId}/household-payments`, finance, {
        paymentId,
        allocationId: 'al-1',
        householdId,
        amountFen: 80_000,
        paidOn,
        channel: 'bank',
        voucherNo: `v-${paymentId}`,
      });
    await pay('pay-exited', 'h-exited', '2024-05-01');
    await pay('pay-ghost', 'h-ghost', '2024-05-02');
  }

  it('raises findings from commands and leaves post-exit support alone', async () => {
    const items = await alertsWhen(app, auditor, (list) => list.length >= 2);
    expect(keys(items)).toEqual([
      'FALSE_EXIT:h-false-exit',
      'PAYMENT_TO_INELIGIBLE_HOUSEHOLD:pay-ghost',
    ]);
  });

  it('answers reads with the projection position and filters by rule and region', async () => {
    const response = await app.request('GET', '/api/alerts?rule=FALSE_EXIT', { token: finance });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get(PROJECTION_POSITION_HEADER))).toBeGreaterThan(0);
    expect(keys((response.body as { items: AlertItem[] }).items)).toEqual([
      'FALSE_EXIT:h-false-exit',
    ]);
    const elsewhere = app.token('finance', ['320827']);
    const outside = await app.request('GET', '/api/alerts', { token: elsewhere });
    expect((outside.body as { items: AlertItem[] }).items).toEqual([]);
    const forbidden = await app.request('GET', `/api/alerts?region=${COUNTY}`, {
      token: elsewhere,
    });
    expect(forbidden.status).toBe(403);
  });

  it('reads empty list parameters as absent', async () => {
    const query = '?region=&rule=&status=&asOf=';
    const response = await app.request('GET', `/api/alerts${query}`, { token: finance });
    expect(response.status).toBe(200);
    const all = await app.request('GET', '/api/alerts', { token: finance });
    expect(response.body).toEqual(all.body);
  });

  it('lets an auditor acknowledge and resolve, and nobody else', async () => {
    const [alert] = await alertsWhen(app, auditor, (list) =>
      list.some((a) => a.rule === 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD'),
    ).then((list) => list.filter((a) => a.rule === 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD'));
    const path = `/api/alerts/${alert!.alertId}`;
    const denied = await app.request('POST', `${path}/acknowledge`, {
      token: finance,
      body: { note: 'seen' },
    });
    expect(denied.status).toBe(403);
    await post(app, `${path}/acknowledge`, auditor, { note: 'checking the voucher' });
    await post(app, `${path}/resolve`, auditor, { resolution: 'confirmed', note: 'recovered' });
    const again = await app.request('POST', `${path}/acknowledge`, { token: auditor, body: {} });
    expect(again.status).toBe(422);
    const resolved = await alertsWhen(app, auditor, (list) =>
      list.some((a) => a.alertId === alert!.alertId && a.status === 'resolved'),
    );
    expect(resolved.filter((a) => a.status === 'resolved')).toHaveLength(1);
    const unknown = await app.request('POST', '/api/alerts/no-such-alert/acknowledge', {
      token: auditor,
      body: {},
    });
    expect(unknown.status).toBe(404);
  });

  it('keeps a scan inside the caller\'s regions and refuses a future date', async () => {
    const before = await app.runtime.store.headPosition();
    const elsewhere = await app.request('POST', '/api/alerts/scan', {
      token: app.token('auditor', ['320830'], 'auditor-elsewhere'),
      body: { asOf: '2024-12-31' },
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body).toMatchObject({ found: 0, queued: 0, raised: 0 });
    const future = await app.request('POST', '/api/alerts/scan', {
      token: auditor,
      body: { asOf: '2999-01-01' },
    });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'asOf' }] },
    });
    expect(await app.runtime.store.headPosition()).toBe(before);
  });

  it('scans on demand for auditors only, once per finding', async () => {
    const denied = await app.request('POST', '/api/alerts/scan', {
      token: finance,
      body: { asOf: '2024-12-31' },
    });
    expect(denied.status).toBe(403);
    const first: TestResponse = await app.request('POST', '/api/alerts/scan', {
      token: auditor,
      body: { asOf: '2024-12-31' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ raised: 2 });
    const second = await app.request('POST', '/api/alerts/scan', {
      token: auditor,
      body: { asOf: '2024-12-31' },
    });
    expect(second.body).toMatchObject({ raised: 0 });
    const items = await alertsWhen(app, auditor, (list) => list.length >= 4);
    expect(keys(items)).toEqual(
      expect.arrayContaining(['IDLE_ALLOCATION:al-1', `HIGH_RETENTION:${COUNTY}`]),
    );
    expect(items).toHaveLength(4);
  });
});
