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
  countyTokens,
  expectError,
  fundBody,
  fundWithAllocation,
  householdBody,
  OTHER_VILLAGE,
  paymentBody,
} from './fixtures';

/** Well over the platform's 1 MiB JSON body limit. */
const OVERSIZED_BODY_BYTES = 2 * 1024 * 1024;

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('rejected input over HTTP (%s store)', (store) => {
  let app: TestApp;
  let tokens: ReturnType<typeof countyTokens>;
  let fundId: string;
  let allocationId: string;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    tokens = countyTokens(app);
    ({ fundId, allocationId } = await fundWithAllocation(app, tokens.finance));
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const receipts: [string, Record<string, unknown>][] = [
    ['an unknown field', fundBody({ colour: 'red' })],
    ['a string amount', fundBody({ amountFen: '1000' })],
    ['a fractional amount', fundBody({ amountFen: 10.5 })],
    ['a negative amount', fundBody({ amountFen: -1 })],
    ['a zero amount', fundBody({ amountFen: 0 })],
    ['an amount over 10^13 fen', fundBody({ amountFen: 10_000_000_000_001 })],
    ['an impossible date', fundBody({ receivedOn: '2024-02-30' })],
    ['a date in another format', fundBody({ receivedOn: '2024/01/10' })],
    ['a five-digit county code', fundBody({ countyCode: '32082' })],
    ['an unknown level', fundBody({ level: 'galactic' })],
    ['a missing name', fundBody({ name: undefined })],
    ['a bad client id', fundBody({ fundId: 'has space' })],
    ['an array instead of an object', [fundBody()] as unknown as Record<string, unknown>],
  ];

  it.each(receipts)('answers 400 VALIDATION_FAILED to a receipt with %s', async (_, body) => {
    const before = await app.runtime.store.headPosition();
    const answer = await app.request('POST', '/api/funds', { token: tokens.finance, body });
    expectError(answer, 400, 'VALIDATION_FAILED');
    expect(await app.runtime.store.headPosition()).toBe(before);
  });

  it('answers 400 with the offending path in details', async () => {
    const body = fundBody({ amountFen: 1.5 });
    const answer = await app.request('POST', '/api/funds', { token: tokens.finance, body });
    const details = (answer.body as { error: { details: { path: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toEqual(['amountFen']);
  });

  it('answers 400 to malformed JSON and appends nothing', async () => {
    const before = await app.runtime.store.headPosition();
    const answer = await app.request('POST', '/api/funds', {
      token: tokens.finance,
      rawBody: '{"name": "x", ',
    });
    expectError(answer, 400, 'VALIDATION_FAILED');
    expect(await app.runtime.store.headPosition()).toBe(before);
  });

  it('answers 413 to an oversized body and appends nothing', async () => {
    const before = await app.runtime.store.headPosition();
    const body = fundBody({ name: 'x'.repeat(OVERSIZED_BODY_BYTES) });
    const answer = await app.request('POST', '/api/funds', { token: tokens.finance, body });
    expectError(answer, 413, 'PAYLOAD_TOO_LARGE');
    expect(await app.runtime.store.headPosition()).toBe(before);
  });

  it('answers 400 to an allocation outside the fund\'s county or a bad village code', async () => {
    const t = tokens.finance;
    const path = `/api/funds/${fundId}/allocations`;
    const outside = allocationBody({ villageCode: '320830100201',
      target: { type: 'village', id: '320830100201' } });
    expectError(await app.request('POST', path, { token: t, body: outside }), 400,
      'VALIDATION_FAILED');
    const short = allocationBody({ villageCode: '320826100', target: { type: 'village',
      id: '320826100' } });
    expectError(await app.request('POST', path, { token: t, body: short }), 400,
      'VALIDATION_FAILED');
  });

  it('records a payment to another village\'s household (a signal, not a rejection)', async () => {
    const body = paymentBody(allocationId, { householdId: 'hh-elsewhere' });
    const answer = await app.request('POST', `/api/funds/${fundId}/household-payments`, {
      token: tokens.finance,
      body,
    });
    expect(answer.status).toBe(201);
  });

  it('answers 400 to a household with a malformed id number or village code', async () => {
    const t = tokens.registrar;
    const badId = householdBody({ idNumber: '12345' });
    expectError(await app.request('POST', '/api/households', { token: t, body: badId }), 400,
      'VALIDATION_FAILED');
    const badVillage = householdBody({ villageCode: OTHER_VILLAGE.slice(0, 11) });
    expectError(await app.request('POST', '/api/households', { token: t, body: badVillage }),
      400, 'VALIDATION_FAILED');
  });

  it('answers 400 to a malformed path id', async () => {
    const answer = await app.request('POST', '/api/funds/bad%20id/returns', {
      token: tokens.finance,
      body: { amountFen: 1, returnedOn: '2024-05-01', reason: 'x' },
    });
    expectError(answer, 400, 'VALIDATION_FAILED');
  });
});
