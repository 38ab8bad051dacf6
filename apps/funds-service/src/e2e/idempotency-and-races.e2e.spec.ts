import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import {
  COUNTY,
  created,
  expectError,
  fundBody,
  fundWithAllocation,
  paymentBody,
} from './fixtures';

/** Payments racing for one allocation, and how many of them the allocation can cover. */
const RACING_PAYMENTS = 20;
const PAYMENTS_COVERED = 10;
const PAYMENT_FEN = 1_000;

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('idempotency and races over HTTP (%s store)', (store) => {
  let app: TestApp;
  let finance: string;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    finance = app.token('finance', [COUNTY]);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('replays the first answer for a repeated Idempotency-Key and appends once', async () => {
    const headers = { 'idempotency-key': 'receipt-2024-001' };
    const body = fundBody();
    const post = () => app.request('POST', '/api/funds', { token: finance, headers, body });
    const first = created(await post());
    const head = await app.runtime.store.headPosition();
    const again = await post();
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first });
    expect(await app.runtime.store.headPosition()).toBe(head);
    expect(await app.runtime.store.streamVersion(first.streamId)).toBe(1);
  });

  it('answers 409 IDEMPOTENCY_MISMATCH to a reused key with another body', async () => {
    const headers = { 'idempotency-key': 'receipt-2024-002' };
    created(await app.request('POST', '/api/funds', { token: finance, headers, body: fundBody() }));
    const head = await app.runtime.store.headPosition();
    const other = fundBody({ amountFen: 2_000_000 });
    const request = { token: finance, headers, body: other };
    const answer = await app.request('POST', '/api/funds', request);
    expectError(answer, 409, 'IDEMPOTENCY_MISMATCH');
    expect(await app.runtime.store.headPosition()).toBe(head);
  });

  it('executes concurrent requests with one key once', async () => {
    const headers = { 'idempotency-key': 'receipt-2024-003' };
    const body = fundBody({ fundId: 'fund-idem-race' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.request('POST', '/api/funds', { token: finance, headers, body }),
      ),
    );
    expect(await app.runtime.store.streamVersion('fund-fund-idem-race')).toBe(1);
    const created201 = answers.filter((a) => a.status === 201);
    expect(created201.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) {
      expect([201, 409]).toContain(answer.status);
      if (answer.status === 201) expect(answer.body).toEqual(created201[0]!.body);
    }
  });

  it(`lets exactly ${PAYMENTS_COVERED} of ${RACING_PAYMENTS} racing payments through`, async () => {
    const { fundId, allocationId } = await fundWithAllocation(app, finance, {
      fundFen: PAYMENT_FEN * RACING_PAYMENTS,
      allocationFen: PAYMENT_FEN * PAYMENTS_COVERED,
    });
    const answers = await Promise.all(
      Array.from({ length: RACING_PAYMENTS }, (_, i) =>
        app.request('POST', `/api/funds/${fundId}/household-payments`, {
          token: finance,
          body: paymentBody(allocationId, { householdId: `hh-${i}`, amountFen: PAYMENT_FEN }),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(PAYMENTS_COVERED);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      const code = (answer.body as { error: { code: string } }).error.code;
      expect([
        [422, 'INSUFFICIENT_FUNDS'],
        [409, 'CONCURRENCY_CONFLICT'],
      ]).toContainEqual([answer.status, code]);
    }
    const fund = await app.request('GET', `/api/funds/${fundId}`, { token: finance });
    const allocations = (fund.body as { allocations: { remainingFen: number }[] }).allocations;
    expect(allocations[0]!.remainingFen).toBe(0);
    const events = await app.runtime.store.readStream(`fund-${fundId}`);
    expect(events.filter((e) => e.type === 'HouseholdPaid')).toHaveLength(PAYMENTS_COVERED);
  });
});
