import { gzipSync } from 'node:zlib';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
  type TestResponse,
} from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import {
  COUNTY,
  countyTokens,
  expectError,
  fundBody,
  fundWithAllocation,
  householdBody,
  paymentBody,
} from './fixtures';

/** The nesting that overflowed the recursive fingerprint of the idempotency interceptor. */
const HOSTILE_DEPTH = 3_000;

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

const detailPaths = (answer: TestResponse) =>
  (answer.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);

describe.each(TEST_APP_STORES)('hostile input over HTTP (%s store)', (store) => {
  let app: TestApp;
  let tokens: ReturnType<typeof countyTokens>;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    tokens = countyTokens(app);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  /** Runs `send` and checks that it answered `status`/`code` and appended nothing. */
  async function refusedWithoutAppend(
    send: () => Promise<TestResponse>,
    status: number,
    code: string,
  ): Promise<TestResponse> {
    const before = await app.runtime.store.headPosition();
    const answer = await send();
    expectError(answer, status, code);
    expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    expect(await app.runtime.store.headPosition()).toBe(before);
    return answer;
  }

  it.each([
    ['NUL', 'name', fundBody({ name: 'a\u0000b' })],
    ['a lone high surrogate', 'name', fundBody({ name: 'x\ud800' })],
    ['a lone low surrogate', 'department', fundBody({ department: '\udc00' })],
    ['a bell character', 'category', fundBody({ category: 'ind\u0007ustry' })],
    ['an escape character', 'name', fundBody({ name: '\u001b[31m' })],
  ])('answers 400 naming the field to a receipt with %s in %s', async (_, field, body) => {
    const post = () => app.request('POST', '/api/funds', { token: tokens.finance, body });
    const answer = await refusedWithoutAppend(post, 400, 'VALIDATION_FAILED');
    expect(detailPaths(answer)).toContain(field);
  });

  it('answers 400 to NUL in a household head name, nested text and a query parameter', async () => {
    const household = householdBody({ headName: '王\u0000华' });
    const postHousehold = () =>
      app.request('POST', '/api/households', { token: tokens.registrar, body: household });
    expect(detailPaths(await refusedWithoutAppend(postHousehold, 400, 'VALIDATION_FAILED')))
      .toContain('headName');
    const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance);
    const payment = paymentBody(allocationId, { voucherNo: 'V\ud800' });
    const pay = () => app.request('POST', `/api/funds/${fundId}/household-payments`, {
      token: tokens.finance,
      body: payment,
    });
    expect(detailPaths(await refusedWithoutAppend(pay, 400, 'VALIDATION_FAILED')))
      .toContain('voucherNo');
    const query = () =>
      app.request('GET', `/api/funds/${fundId}?asOf=%00`, { token: tokens.finance });
    expect(detailPaths(await refusedWithoutAppend(query, 400, 'VALIDATION_FAILED')))
      .toEqual(['asOf']);
  });

  it(`answers 400 to JSON nested ${HOSTILE_DEPTH} levels deep with an Idempotency-Key`, async () => {
    const rawBody = `${'['.repeat(HOSTILE_DEPTH)}${']'.repeat(HOSTILE_DEPTH)}`;
    const headers = { 'idempotency-key': 'deep-1' };
    const post = () => app.request('POST', '/api/funds', { token: tokens.finance, headers, rawBody });
    await refusedWithoutAppend(post, 400, 'VALIDATION_FAILED');
  });

  it('answers 400 to a gzip Content-Encoding whose body is not gzip, before authentication',
    async () => {
      const headers = { 'content-encoding': 'gzip' };
      const post = () => app.request('POST', '/api/funds', { headers, rawBody: '{"name":"x"}' });
      await refusedWithoutAppend(post, 400, 'VALIDATION_FAILED');
    });

  it('answers 415 to an unknown Content-Encoding, before authentication', async () => {
    const headers = { 'content-encoding': 'x-rot13' };
    const post = () => app.request('POST', '/api/funds', { headers, rawBody: '{}' });
    await refusedWithoutAppend(post, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts a well-formed gzip body', async () => {
    const headers = { 'content-encoding': 'gzip' };
    const rawBody = gzipSync(JSON.stringify(fundBody()));
    const answer = await app.request('POST', '/api/funds', {
      token: tokens.finance,
      headers,
      rawBody,
    });
    expect(answer.status).toBe(201);
  });

  it('answers 400 to bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const json = Buffer.from(JSON.stringify(fundBody({ name: 'NAME' })), 'utf8');
    const at = json.indexOf('NAME');
    const rawBody = Buffer.concat([json.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]),
      json.subarray(at + 4)]);
    const post = () => app.request('POST', '/api/funds', { token: tokens.finance, rawBody });
    await refusedWithoutAppend(post, 400, 'VALIDATION_FAILED');
  });

  it('sends security headers and no X-Powered-By', async () => {
    const answer = await app.request('GET', '/health');
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const refused = await app.request('POST', '/api/funds', { rawBody: '{' });
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
  });

  describe('Idempotency-Key', () => {
    it('replays a rejection the command gave and refuses another body with that key',
      async () => {
        const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance, {
          allocationFen: 1_000,
        });
        const headers = { 'idempotency-key': 'overdraw-1' };
        const path = `/api/funds/${fundId}/household-payments`;
        const tooMuch = paymentBody(allocationId, { amountFen: 5_000 });
        const send = (body: unknown) =>
          app.request('POST', path, { token: tokens.finance, headers, body });
        await refusedWithoutAppend(() => send(tooMuch), 422, 'INSUFFICIENT_FUNDS');
        const replay = await refusedWithoutAppend(() => send(tooMuch), 422, 'INSUFFICIENT_FUNDS');
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        const smaller = paymentBody(allocationId, { amountFen: 500 });
        await refusedWithoutAppend(() => send(smaller), 409, 'IDEMPOTENCY_MISMATCH');
      });

    it('does not remember a validation failure: the key then runs a valid body', async () => {
      const headers = { 'idempotency-key': 'invalid-first' };
      const send = (body: unknown) =>
        app.request('POST', '/api/funds', { token: tokens.finance, headers, body });
      await refusedWithoutAppend(() => send(fundBody({ amountFen: -1 })), 400,
        'VALIDATION_FAILED');
      expect((await send(fundBody({ countyCode: COUNTY }))).status).toBe(201);
    });
  });
});
