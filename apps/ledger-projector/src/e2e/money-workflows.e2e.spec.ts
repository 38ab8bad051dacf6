import { AlertServiceModule } from '@sunshine/alert-service';
import { FundsServiceModule } from '@sunshine/funds-service';
import { startTestApp, TEST_APP_STORES, type TestApp, type TestResponse } from '@sunshine/testing';
import { LedgerProjectorModule } from '../ledger-projector.module';

const COUNTY = '320826';
const VILLAGE = '320826100201';
const WAIT_MS = 20_000;

jest.setTimeout(120_000);

async function eventually(
  read: () => Promise<TestResponse>,
  ready: (body: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const response = await read();
    const body = response.body as Record<string, unknown>;
    if (response.status < 300 && ready(body)) return body;
    if (Date.now() > deadline) throw new Error(`never ready: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(TEST_APP_STORES)('money workflows in the ledger and alerts (%s store)', (store) => {
  let app: TestApp;
  let finance: string;
  let auditor: string;
  let fundId: string;

  const post = async (path: string, body: unknown, token = finance) => {
    const response = await app.request('POST', path, { token, body });
    if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
    return response.body as { id: string };
  };
  const summary = (asOf: string) => app.request('GET',
    `/api/ledger/regions/${VILLAGE}/summary?asOf=${asOf}`, { token: auditor });

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        LedgerProjectorModule.register(runtime),
        AlertServiceModule.register(runtime),
      ],
    });
    finance = app.token('finance', [COUNTY]);
    auditor = app.token('auditor', ['32']);
    ({ id: fundId } = await post('/api/funds', { name: '衔接资金', category: 'industry',
      department: '财政局', level: 'central', fiscalYear: 2024, countyCode: COUNTY,
      amountFen: 1_000_000, receivedOn: '2024-01-10' }));
    await post(`/api/funds/${fundId}/allocations`, { allocationId: 'al-1',
      target: { type: 'village', id: VILLAGE }, villageCode: VILLAGE, amountFen: 400_000,
      allocatedOn: '2024-02-01' });
    await post(`/api/funds/${fundId}/payment-batches`, { batchId: 'b1', paidOn: '2024-03-01',
      channel: '一卡通', rows: [1, 2, 3].map((n) => ({ allocationId: 'al-1',
        householdId: `hh-${n}`, amountFen: 1_000 })) });
    await post(`/api/funds/${fundId}/household-payments`, { paymentId: 'single',
      allocationId: 'al-1', householdId: 'hh-9', amountFen: 500, paidOn: '2024-03-01',
      channel: 'bank', voucherNo: 'V9' });
    await post(`/api/funds/${fundId}/payment-batches/b1/bank-results`, { rows: [
      { paymentId: 'b1-1', status: 'paid', bankRef: 'R1', settledOn: '2024-03-10' },
      { paymentId: 'b1-2', status: 'failed', bankRef: 'R2', settledOn: '2024-03-20',
        reason: '账户已销户' },
    ] });
  });
  afterAll(async () => app?.close());

  it('counts a failed payment as disbursed until its settledOn, not after', async () => {
    await eventually(() => summary('2024-12-31'), (body) => body.disbursedFen === 2_500);
    expect((await summary('2024-03-19')).body).toMatchObject({ disbursedFen: 3_500 });
    expect((await summary('2024-03-20')).body).toMatchObject({ disbursedFen: 2_500,
      retainedFen: 400_000 - 2_500 });
    expect((await summary('2024-02-28')).body).toMatchObject({ disbursedFen: 0 });
  });

  it('lists the bank results in the village history with the running balance', async () => {
    const body = await eventually(() => app.request('GET',
      `/api/ledger/villages/${VILLAGE}/history?asOf=2024-12-31`, { token: auditor }),
    (b) => Array.isArray(b.entries) && b.entries.length >= 7);
    const entries = body.entries as { type: string; balanceFen: number; balanceEffectFen: number }[];
    const failed = entries.find((e) => e.type === 'HouseholdPaymentFailed');
    expect(failed).toMatchObject({ balanceEffectFen: 1_000 });
    expect(entries.map((e) => e.type)).toContain('HouseholdPaymentConfirmed');
    expect(entries[entries.length - 1]?.balanceFen).toBe(400_000 - 2_500);
  });

  it('shows the public a returned payment until the day the bank returned it', async () => {
    await eventually(() => summary('2024-12-31'), (body) => body.disbursedFen === 2_500);
    const paymentIds = async (asOf: string) => {
      const answer = await app.request('GET', `/api/public/villages/${VILLAGE}?asOf=${asOf}`);
      return (answer.body as { payments: { paymentId: string }[] }).payments.map((p) => p.paymentId);
    };
    expect(await paymentIds('2024-03-19')).toEqual(['b1-1', 'b1-2', 'b1-3', 'single']);
    expect(await paymentIds('2024-03-20')).toEqual(['b1-1', 'b1-3', 'single']);
  });

  it('flags an unconfirmed batch payment on day 31, not day 30, and never a single one', async () => {
    const scan = async (asOf: string) => {
      const response = await app.request('POST', '/api/alerts/scan', { token: auditor,
        body: { asOf } });
      expect(response.status).toBe(201);
    };
    const unconfirmed = () => app.request('GET', '/api/alerts?rule=PAYMENT_UNCONFIRMED',
      { token: auditor });
    // The facts are projected asynchronously: wait until the remainder shows the failure.
    await eventually(() => summary('2024-12-31'), (body) => body.disbursedFen === 2_500);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await scan('2024-03-31');
    expect((await unconfirmed()).body).toMatchObject({ items: [] });
    await scan('2024-04-01');
    const body = await eventually(unconfirmed,
      (b) => Array.isArray(b.items) && b.items.length > 0);
    expect(body.items).toEqual([expect.objectContaining({ rule: 'PAYMENT_UNCONFIRMED',
      severity: 'medium', subject: { type: 'payment', id: 'b1-3' }, regionCode: VILLAGE })]);
  });
});
