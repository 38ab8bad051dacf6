import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import { COUNTY, countyTokens, disbursementBody, expectError, fundWithAllocation,
  paymentBody } from './fixtures';

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

/** The default APPROVAL_THRESHOLD_FEN: ¥1,000,000. */
const THRESHOLD_FEN = 100_000_000;

describe.each(TEST_APP_STORES)('disbursement approvals over HTTP (%s store)', (store) => {
  let app: TestApp;
  let tokens: ReturnType<typeof countyTokens>;
  let checker: string;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    tokens = countyTokens(app);
    checker = app.token('finance', [COUNTY], 'finance-checker');
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const newFund = () => fundWithAllocation(app, tokens.finance,
    { fundFen: 3 * THRESHOLD_FEN, allocationFen: 2 * THRESHOLD_FEN });
  const post = (path: string, body: unknown, token = tokens.finance) =>
    app.request('POST', path, { token, body });
  const remaining = async (fundId: string) =>
    ((await app.request('GET', `/api/funds/${fundId}`, { token: tokens.finance })).body as {
      allocations: { remainingFen: number }[] }).allocations[0]?.remainingFen;

  it('pays just below the threshold at once and holds the threshold for approval', async () => {
    const { fundId, allocationId } = await newFund();
    const below = await post(`/api/funds/${fundId}/disbursements`,
      disbursementBody(allocationId, { amountFen: THRESHOLD_FEN - 1, disbursementId: 'd0' }));
    expect(below.status).toBe(201);
    const at = await post(`/api/funds/${fundId}/disbursements`,
      disbursementBody(allocationId, { amountFen: THRESHOLD_FEN, disbursementId: 'd1' }));
    expect(at.status).toBe(202);
    expect(at.body).toEqual({ id: 'd1', streamId: `fund-${fundId}`, version: 4,
      status: 'pending_approval' });
    expect(await remaining(fundId)).toBe(1);
    const pending = await app.request('GET', `/api/funds/${fundId}/approvals`,
      { token: tokens.auditor });
    expect(pending.body).toMatchObject({ items: [{ disbursementId: 'd1',
      requestedBy: 'finance-user' }] });
  });

  it('lets another finance user approve, never the maker, and only once', async () => {
    const { fundId, allocationId } = await newFund();
    await post(`/api/funds/${fundId}/disbursements`,
      disbursementBody(allocationId, { amountFen: THRESHOLD_FEN, disbursementId: 'd1' }));
    const path = `/api/funds/${fundId}/disbursements/d1`;
    expectError(await post(`${path}/approve`, {}), 403, 'SAME_USER');
    const approved = await app.request('POST', `${path}/approve`, { token: checker });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ id: 'd1', version: 4 });
    expectError(await post(`${path}/approve`, {}, checker), 422, 'INVALID_STATE');
    expectError(await post(`${path}/reject`, { reason: 'late' }, checker), 422, 'INVALID_STATE');
    expect(await remaining(fundId)).toBe(THRESHOLD_FEN);
  });

  it('releases the reservation when rejected', async () => {
    const { fundId, allocationId } = await newFund();
    await post(`/api/funds/${fundId}/disbursements`,
      disbursementBody(allocationId, { amountFen: THRESHOLD_FEN, disbursementId: 'd1' }));
    const rejected = await post(`/api/funds/${fundId}/disbursements/d1/reject`,
      { reason: '合同未签', rejectedOn: '2024-03-03' }, checker);
    expect(rejected.status).toBe(201);
    expect(await remaining(fundId)).toBe(2 * THRESHOLD_FEN);
  });

  it('never overdraws when approvals race payments', async () => {
    const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance,
      { fundFen: 3 * THRESHOLD_FEN, allocationFen: 2 * THRESHOLD_FEN + 2_000 });
    for (const id of ['r1', 'r2']) {
      const requested = await post(`/api/funds/${fundId}/disbursements`,
        disbursementBody(allocationId, { amountFen: THRESHOLD_FEN, disbursementId: id }));
      expect(requested.status).toBe(202);
    }
    // 2,000 fen remain unreserved; 40 payments of 100 fen race the two approvals.
    const payments = Array.from({ length: 40 }, (_, i) => post(`/api/funds/${fundId}/household-payments`,
      paymentBody(allocationId, { amountFen: 100, paymentId: `p${i}` })));
    const approvals = ['r1', 'r2'].map((id) =>
      post(`/api/funds/${fundId}/disbursements/${id}/approve`, {}, checker));
    const answers = await Promise.all([...payments, ...approvals]);
    const paid = answers.slice(0, 40).filter((a) => a.status === 201).length;
    expect(paid).toBe(20);
    expect(answers.slice(40).map((a) => a.status)).toEqual([201, 201]);
    expect(await remaining(fundId)).toBe(0);
  });
});
