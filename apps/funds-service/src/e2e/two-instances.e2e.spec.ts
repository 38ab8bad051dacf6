import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import {
  COUNTY,
  created,
  disbursementBody,
  fundWithAllocation,
  paymentBody,
} from './fixtures';

/** Payments racing through two instances, and how many the allocation can cover. */
const RACING_PAYMENTS = 20;
const PAYMENTS_COVERED = 10;
const PAYMENT_FEN = 1_000;

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

/**
 * Two instances of the funds service on one PostgreSQL store, as two processes would run:
 * their in-process queues do not see each other, so only the expected-version check and the
 * handler's retries keep money from going negative.
 */
describe('two funds-service instances on one PostgreSQL store', () => {
  let first: TestApp;
  let second: TestApp;
  let finance: string;

  beforeAll(async () => {
    const modules = (rt: Parameters<typeof FundsServiceModule.register>[0]) => [
      FundsServiceModule.register(rt),
    ];
    first = await startTestApp({ store: 'postgres', modules });
    const { databaseUrl } = first.runtime;
    second = await startTestApp({ store: 'postgres', modules, databaseUrl });
    finance = first.token('finance', [COUNTY]);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('never pays out more than the allocation holds', async () => {
    const { fundId, allocationId } = await fundWithAllocation(first, finance, {
      fundFen: PAYMENT_FEN * RACING_PAYMENTS,
      allocationFen: PAYMENT_FEN * PAYMENTS_COVERED,
    });
    const answers = await Promise.all(
      Array.from({ length: RACING_PAYMENTS }, (_, i) =>
        (i % 2 === 0 ? first : second).request('POST', `/api/funds/${fundId}/household-payments`, {
          token: finance,
          body: paymentBody(allocationId, { householdId: `hh-${i}`, amountFen: PAYMENT_FEN }),
        }),
      ),
    );
    const paid = answers.filter((a) => a.status === 201).length;
    for (const answer of answers.filter((a) => a.status !== 201)) {
      const code = (answer.body as { error: { code: string } }).error.code;
      expect([
        [422, 'INSUFFICIENT_FUNDS'],
        [409, 'CONCURRENCY_CONFLICT'],
      ]).toContainEqual([answer.status, code]);
    }
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThanOrEqual(PAYMENTS_COVERED);
    const fund = await second.request('GET', `/api/funds/${fundId}`, { token: finance });
    const [allocation] = (fund.body as { allocations: { remainingFen: number }[] }).allocations;
    expect(allocation!.remainingFen).toBe(PAYMENT_FEN * (PAYMENTS_COVERED - paid));
    const events = await first.runtime.store.readStream(`fund-${fundId}`);
    expect(events.filter((e) => e.type === 'HouseholdPaid')).toHaveLength(paid);
  });

  it('treats one client key on two routes as two commands', async () => {
    const { fundId, allocationId } = await fundWithAllocation(first, finance);
    const headers = { 'idempotency-key': 'same-key' };
    const base = `/api/funds/${fundId}`;
    const paidA = created(await first.request('POST', `${base}/household-payments`, {
      token: finance, headers, body: paymentBody(allocationId),
    }));
    const paidB = created(await second.request('POST', `${base}/disbursements`, {
      token: finance, headers, body: disbursementBody(allocationId),
    }));
    expect([paidA.version, paidB.version]).toEqual([3, 4]);
    const other = first.token('finance', [COUNTY], 'another-clerk');
    const paidC = created(await first.request('POST', `${base}/household-payments`, {
      token: other, headers, body: paymentBody(allocationId, { householdId: 'hh-2' }),
    }));
    expect(paidC.version).toBe(5);
  });
});
