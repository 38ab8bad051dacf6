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
  countyTokens,
  created,
  disbursementBody,
  expectError,
  fundBody,
  fundWithAllocation,
  paymentBody,
  returnBody,
  VILLAGE,
} from './fixtures';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('funds over HTTP (%s store)', (store) => {
  let app: TestApp;
  let tokens: ReturnType<typeof countyTokens>;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    tokens = countyTokens(app);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const post = (path: string, body: unknown, headers?: Record<string, string>) =>
    app.request('POST', path, { token: tokens.finance, body, headers });
  const get = (path: string, token = tokens.finance) => app.request('GET', path, { token });
  const put = (path: string, body: unknown) =>
    app.request('PUT', path, { token: tokens.admin, body });

  it('defines a region once and answers the same version for an identical definition', async () => {
    const body = { name: '涟水县', level: 'county' };
    const first = created(await put(`/api/regions/${COUNTY}`, body));
    expect(first).toEqual({ id: COUNTY, streamId: `region-${COUNTY}`, version: 1 });
    expect(created(await put(`/api/regions/${COUNTY}`, body)).version).toBe(1);
    const extra = { ...body, extra: 1 };
    expectError(await put('/api/regions/3208', extra), 400, 'VALIDATION_FAILED');
    expectError(await put('/api/regions/12345', body), 400, 'VALIDATION_FAILED');
  });

  it('accepts the code repeated in the body only when it equals the path', async () => {
    const town = `${COUNTY}100`;
    const body = { code: town, name: '东庄镇', level: 'town' };
    expect(created(await put(`/api/regions/${town}`, body)).id).toBe(town);
    const other = { ...body, code: `${COUNTY}101` };
    expectError(await put(`/api/regions/${town}`, other), 400, 'VALIDATION_FAILED');
  });

  it('records a receipt, an allocation and every movement, then folds the fund', async () => {
    const fund = created(await post('/api/funds', fundBody()));
    expect(fund).toMatchObject({ streamId: `fund-${fund.id}`, version: 1 });
    const body = allocationBody({ allocationId: 'alloc-1', perHouseholdCapFen: 60_000 });
    const allocation = created(await post(`/api/funds/${fund.id}/allocations`, body));
    expect(allocation).toEqual({ id: 'alloc-1', streamId: `fund-${fund.id}`, version: 2 });
    const moves = [
      ['disbursements', disbursementBody('alloc-1')],
      ['household-payments', paymentBody('alloc-1')],
      ['returns', returnBody({ allocationId: 'alloc-1' })],
      ['returns', returnBody({ amountFen: 20_000 })],
    ] as const;
    for (const [index, [route, move]] of moves.entries()) {
      const answer = created(await post(`/api/funds/${fund.id}/${route}`, move));
      expect(answer.version).toBe(3 + index);
    }
    const state = await get(`/api/funds/${fund.id}`, tokens.auditor);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({
      fundId: fund.id,
      name: fundBody().name,
      category: 'industry',
      countyCode: COUNTY,
      amountFen: 1_000_000,
      allocatedFen: 400_000,
      unallocatedFen: 580_000,
      allocations: [
        {
          allocationId: 'alloc-1',
          villageCode: VILLAGE,
          target: { type: 'village', id: VILLAGE },
          amountFen: 400_000,
          remainingFen: 240_000,
        },
      ],
      version: 6,
    });
  });

  it('pages a fund\'s events with their metadata', async () => {
    const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance);
    const headers = {
      'x-correlation-id': 'corr-42',
      traceparent: TRACEPARENT,
      'idempotency-key': 'pay-1',
    };
    created(await post(`/api/funds/${fundId}/household-payments`, paymentBody(allocationId),
      headers));
    const first = await get(`/api/funds/${fundId}/events?limit=2`);
    expect(first.status).toBe(200);
    const page1 = first.body as { items: { type: string }[]; nextCursor?: string };
    expect(page1.items.map((e) => e.type)).toEqual(['FundReceived', 'FundAllocated']);
    expect(page1.nextCursor).toBe('2');
    const second = await get(`/api/funds/${fundId}/events?limit=2&cursor=2`);
    expect(second.body).toEqual({
      items: [
        expect.objectContaining({
          type: 'HouseholdPaid',
          streamVersion: 3,
          occurredOn: '2024-03-02',
          actor: { sub: 'finance-user', role: 'finance' },
          correlationId: 'corr-42',
          traceparent: TRACEPARENT,
          causationId: expect.any(String),
        }),
      ],
    });
    const tooBig = await get(`/api/funds/${fundId}/events?limit=1000`);
    expectError(tooBig, 400, 'VALIDATION_FAILED');
  });

  it('dates every event by its command\'s business date', async () => {
    const { fundId } = await fundWithAllocation(app, tokens.finance);
    const events = await app.runtime.store.readStream(`fund-${fundId}`);
    expect(events.map((e) => e.occurredOn)).toEqual(['2024-01-10', '2024-02-01']);
  });

  it('answers 404 for an unknown fund or allocation and 409 for an existing id', async () => {
    expectError(await post('/api/funds/nope/allocations', allocationBody()), 404, 'NOT_FOUND');
    expectError(await get('/api/funds/nope'), 404, 'NOT_FOUND');
    const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance);
    const unknownAllocation = disbursementBody('missing');
    expectError(await post(`/api/funds/${fundId}/disbursements`, unknownAllocation), 404,
      'NOT_FOUND');
    expectError(await post('/api/funds', fundBody({ fundId })), 409, 'ALREADY_EXISTS');
    const again = allocationBody({ allocationId });
    expectError(await post(`/api/funds/${fundId}/allocations`, again), 409, 'ALREADY_EXISTS');
  });

  it('refuses to move more money than is held with 422 INSUFFICIENT_FUNDS', async () => {
    const amounts = { fundFen: 1000, allocationFen: 600 };
    const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance, amounts);
    const before = await app.runtime.store.headPosition();
    const over = [
      ['allocations', allocationBody({ amountFen: 401 })],
      ['disbursements', disbursementBody(allocationId, { amountFen: 601 })],
      ['household-payments', paymentBody(allocationId, { amountFen: 601 })],
      ['returns', returnBody({ allocationId, amountFen: 601 })],
      ['returns', returnBody({ amountFen: 401 })],
    ] as const;
    for (const [route, body] of over) {
      expectError(await post(`/api/funds/${fundId}/${route}`, body), 422, 'INSUFFICIENT_FUNDS');
    }
    expect(await app.runtime.store.headPosition()).toBe(before);
  });
});
