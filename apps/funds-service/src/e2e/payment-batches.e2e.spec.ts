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
import { allocationBody, countyTokens, created, expectError, fundBody } from './fixtures';
import { csvOf, rowsOf, XLSX_TYPE, xlsxOf } from './money-files';

jest.setTimeout(TEST_HTTP_TIMEOUT_MS * 2);

const PAID_ON = '2024-03-05';
/** Every fund of these tests has one allocation with this id, so files can be built first. */
const ALLOCATION = 'al-1';

describe.each(TEST_APP_STORES)('payment batches over HTTP (%s store)', (store) => {
  let app: TestApp;
  let tokens: ReturnType<typeof countyTokens>;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    tokens = countyTokens(app);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  // Files are built before the fund: a pause between requests of a keep-alive socket may
  // meet the server closing it, which the client reports as a reset.
  async function newFund(allocationFen = 400_000) {
    const fund = created(await app.request('POST', '/api/funds',
      { token: tokens.finance, body: fundBody({ amountFen: 1_000_000 }) }));
    await app.request('POST', `/api/funds/${fund.id}/allocations`, { token: tokens.finance,
      body: allocationBody({ allocationId: ALLOCATION, amountFen: allocationFen }) });
    return { fundId: fund.id, allocationId: ALLOCATION };
  }
  const batchPath = (fundId: string, query = `paidOn=${PAID_ON}&channel=bank`) =>
    `/api/funds/${fundId}/payment-batches?${query}`;
  const upload = (path: string, bytes: string | Buffer, type: string,
    headers: Record<string, string> = {}) =>
    app.request('POST', path, { token: tokens.finance, rawBody: bytes,
      headers: { 'content-type': type, ...headers } });
  const versionOf = async (fundId: string) =>
    ((await app.request('GET', `/api/funds/${fundId}`, { token: tokens.finance })).body as {
      version: number;
    }).version;
  const rowsOfError = (response: TestResponse) =>
    (response.body as { error: { details: { row: number; code: string }[] } }).error.details;

  it('imports 10,000 CSV rows as one header and 10,000 payments', async () => {
    const csv = csvOf(rowsOf(10_000, ALLOCATION));
    const { fundId } = await newFund();
    const answer = await upload(batchPath(fundId, `paidOn=${PAID_ON}&channel=bank&batchId=csv1`),
      csv, 'text/csv');
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: 'csv1', streamId: `fund-${fundId}`, version: 10_003,
      rows: 10_000, totalFen: 100_000 });
    const batch = await app.request('GET', `/api/funds/${fundId}/payment-batches/csv1`,
      { token: tokens.auditor });
    expect(batch.body).toEqual({ batchId: 'csv1', rows: 10_000, totalFen: 100_000,
      paidOn: PAID_ON, channel: 'bank', confirmed: 0, failed: 0, pending: 10_000 });
    const events = await app.request('GET', `/api/funds/${fundId}/events?cursor=2&limit=2`,
      { token: tokens.finance });
    const items = (events.body as { items: { type: string; data: Record<string, unknown> }[] })
      .items;
    expect(items.map((e) => e.type)).toEqual(['PaymentBatchSubmitted', 'HouseholdPaid']);
    expect(items[0]?.data.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    // The header is row 1, so the first payment is row 2.
    expect(items[1]?.data).toMatchObject({ paymentId: 'csv1-2', batchId: 'csv1', amountFen: 10 });
  });

  it('imports 10,000 XLSX rows under the Chinese headers of the template', async () => {
    const bytes = await xlsxOf(rowsOf(10_000, ALLOCATION), { chinese: true });
    const { fundId } = await newFund();
    const answer = await upload(batchPath(fundId), bytes, XLSX_TYPE);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ rows: 10_000, totalFen: 100_000, version: 10_003 });
    // Without a batchId the file's bytes name the batch: the same file again is no new batch.
    const again = await upload(batchPath(fundId), bytes, XLSX_TYPE);
    expect(again.body).toEqual(answer.body);
    expect((answer.body as { id: string }).id).toMatch(/^file-[0-9a-f]{32}$/);
  });

  it('serves a template whose headers import', async () => {
    const { fundId } = await newFund();
    const template = await fetch(`${app.baseUrl}/api/funds/${fundId}/payment-batches/template.xlsx`,
      { headers: { authorization: `Bearer ${tokens.finance}` } });
    expect(template.status).toBe(200);
    const bytes = Buffer.from(await template.arrayBuffer());
    // The template has no rows: importing it names the missing rows, not its headers.
    const answer = await upload(batchPath(fundId), bytes, XLSX_TYPE);
    expect(answer.status).toBe(422);
    expect(rowsOfError(answer).map((d) => d.code)).toEqual(['NO_ROWS']);
  });

  it('refuses 10,000 rows with one bad one, naming exactly that row, appending nothing', async () => {
    const rows = rowsOf(10_000, ALLOCATION);
    rows[4_999] = { ...rows[4_999], amountFen: '12.5' } as (typeof rows)[number];
    const csv = csvOf(rows);
    const { fundId } = await newFund();
    const before = await versionOf(fundId);
    const answer = await upload(batchPath(fundId), csv, 'text/csv');
    expectError(answer, 422, 'INVALID_ROWS');
    expect(rowsOfError(answer)).toEqual([
      expect.objectContaining({ row: 5_001, field: 'amountFen', code: 'VALIDATION_FAILED' }),
    ]);
    expect(await versionOf(fundId)).toBe(before);
  });

  it('refuses a batch that overdraws one allocation, with malformed rows named too', async () => {
    const { fundId, allocationId } = await newFund(100);
    const body = { paidOn: PAID_ON, channel: 'bank', rows: [
      { allocationId, householdId: 'h1', amountFen: 60 },
      { allocationId, householdId: 'h2', amountFen: 41 },
      { allocationId: 'missing', householdId: 'h3', amountFen: 1 },
      { allocationId, householdId: 'bad id', amountFen: 1 },
    ] };
    const answer = await app.request('POST', `/api/funds/${fundId}/payment-batches`,
      { token: tokens.finance, body });
    expectError(answer, 422, 'INVALID_ROWS');
    expect(rowsOfError(answer).map((d) => [d.row, d.code])).toEqual([
      [2, 'INSUFFICIENT_FUNDS'], [3, 'NOT_FOUND'], [4, 'VALIDATION_FAILED'],
    ]);
    const overdraw = await app.request('POST', `/api/funds/${fundId}/payment-batches`,
      { token: tokens.finance, body: { ...body, rows: body.rows.slice(0, 2) } });
    expectError(overdraw, 422, 'INSUFFICIENT_FUNDS');
    expect(await versionOf(fundId)).toBe(2);
  });

  it('answers the same batch twice with one set of events, other content with 409', async () => {
    const { fundId, allocationId } = await newFund();
    const body = { batchId: 'same', paidOn: PAID_ON, channel: 'bank',
      rows: rowsOf(3, allocationId) };
    const post = (b: unknown) => app.request('POST', `/api/funds/${fundId}/payment-batches`,
      { token: tokens.finance, body: b });
    const first = await post(body);
    expect(first.status).toBe(201);
    expect((await post(body)).body).toEqual(first.body);
    expect(await versionOf(fundId)).toBe(6);
    expectError(await post({ ...body, rows: rowsOf(4, allocationId) }), 409, 'ALREADY_EXISTS');
    expect(await versionOf(fundId)).toBe(6);
  });

  it('replays a file sent again with its Idempotency-Key, refusing other bytes under it', async () => {
    const first = csvOf(rowsOf(3, ALLOCATION));
    const other = csvOf(rowsOf(4, ALLOCATION));
    const { fundId } = await newFund();
    const key = { 'idempotency-key': `batch-${fundId}` };
    const sent = await upload(batchPath(fundId), first, 'text/csv', key);
    expect(sent.status).toBe(201);
    const again = await upload(batchPath(fundId), first, 'text/csv', key);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(again.body).toEqual(sent.body);
    expectError(await upload(batchPath(fundId), other, 'text/csv', key), 409,
      'IDEMPOTENCY_MISMATCH');
    const query = `paidOn=2024-03-06&channel=bank`;
    expectError(await upload(batchPath(fundId, query), first, 'text/csv', key), 409,
      'IDEMPOTENCY_MISMATCH');
    expect(await versionOf(fundId)).toBe(6);
  });

  it('records bank results: confirmed and failed rows, failures back in the remainder', async () => {
    const { fundId, allocationId } = await newFund(400_000);
    await app.request('POST', `/api/funds/${fundId}/payment-batches`, { token: tokens.finance,
      body: { batchId: 'b', paidOn: PAID_ON, channel: 'bank', rows: rowsOf(3, allocationId, 100) } });
    const csv = 'paymentId,status,bankRef,settledOn,reason\n' +
      'b-1,paid,R1,2024-03-06,\nb-2,failed,R2,2024-03-07,account closed\n';
    const path = `/api/funds/${fundId}/payment-batches/b/bank-results`;
    expect((await upload(path, csv, 'text/csv')).status).toBe(201);
    const fund = await app.request('GET', `/api/funds/${fundId}`, { token: tokens.finance });
    expect(fund.body).toMatchObject({ allocations: [{ remainingFen: 400_000 - 200 }] });
    const batch = await app.request('GET', `/api/funds/${fundId}/payment-batches/b`,
      { token: tokens.finance });
    expect(batch.body).toMatchObject({ confirmed: 1, failed: 1, pending: 1 });
    const again = await app.request('POST', path, { token: tokens.finance, body: { rows: [
      { paymentId: 'b-3', status: 'paid', bankRef: 'R3', settledOn: '2024-03-07' },
      { paymentId: 'b-1', status: 'failed', bankRef: 'R4', settledOn: '2024-03-07' },
      { paymentId: 'nope', status: 'paid', bankRef: 'R5', settledOn: '2024-03-07' },
    ] } });
    expectError(again, 422, 'INVALID_ROWS');
    expect(rowsOfError(again).map((d) => [d.row, d.code])).toEqual([
      [2, 'ALREADY_SETTLED'], [3, 'UNKNOWN_PAYMENT'],
    ]);
  });

  it('refuses an XLSX formula cell as a problem of its row', async () => {
    const bytes = await xlsxOf(rowsOf(5, ALLOCATION), { formulaAtRow: 4 });
    const { fundId } = await newFund();
    const answer = await upload(batchPath(fundId), bytes, XLSX_TYPE);
    expectError(answer, 422, 'INVALID_ROWS');
    expect(rowsOfError(answer).map((d) => [d.row, d.code])).toEqual([[4, 'FORMULA_NOT_ALLOWED']]);
  });

  it('answers hostile files with 4xx in the SPEC format and appends nothing', async () => {
    const allocationId = ALLOCATION;
    const xlsx = await xlsxOf(rowsOf(50, allocationId));
    let seed = 7;
    const random = (n: number) => Buffer.from(Array.from({ length: n }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % 256;
    }));
    const gbk = Buffer.concat([Buffer.from(`${'allocationId,householdId,amountFen'}\n`),
      Buffer.from([0xc0, 0xee, 0xcb, 0xc4]), Buffer.from(',1\n')]);
    const cases: [string | Buffer, string, Record<string, string>?][] = [
      [random(5_000), XLSX_TYPE], [random(5_000), 'text/csv'],
      [xlsx.subarray(0, Math.floor(xlsx.length / 2)), XLSX_TYPE],
      [xlsx.subarray(0, xlsx.length - 10), XLSX_TYPE],
      [gbk, 'text/csv'], [csvOf(rowsOf(2, allocationId)), 'text/csv; charset=gbk'],
      [Buffer.from('\ufeffa,b\n"unclosed,1\n'), 'text/csv'],
      ['hello', 'text/plain'], [csvOf(rowsOf(2, allocationId)), 'text/csv', { 'content-encoding': 'gzip' }],
      [gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x61)), 'text/csv', { 'content-encoding': 'gzip' }],
      ['=1+2,hh,3\n', 'text/csv'], ['{"rows": 1}', 'application/json'],
    ];
    const { fundId } = await newFund();
    for (const [index, [bytes, type, headers]] of cases.entries()) {
      const answer = await upload(batchPath(fundId), bytes, type, headers).catch((error: unknown) => {
        throw new Error(`case ${index}: ${String(error)}`);
      });
      expect({ type, status: answer.status >= 400 && answer.status < 500 }).toEqual(
        { type, status: true });
      expect(answer.body).toMatchObject({ error: { code: expect.any(String),
        message: expect.any(String), details: expect.any(Array) } });
    }
    expect(await versionOf(fundId)).toBe(2);
  });

  it('refuses 1,000,001 rows without reading past the row limit', async () => {
    const line = `${ALLOCATION},h,1\n`;
    const gzipped = gzipSync(`allocationId,householdId,amountFen\n${line.repeat(1_000_001)}`);
    const { fundId } = await newFund();
    const answer = await upload(batchPath(fundId), gzipped, 'text/csv',
      { 'content-encoding': 'gzip' });
    expect([413, 422]).toContain(answer.status);
    expect(answer.body).toMatchObject({ error: { code: expect.any(String) } });
    expect(await versionOf(fundId)).toBe(2);
  });
});
