import { FundsServiceModule } from '@sunshine/funds-service';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { Client } from 'pg';
import { AlertServiceModule } from '../alert-service.module';
import { alertsWhen, COUNTY, created, fundWithPayments, VILLAGE } from './supervision-helpers';

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

interface Head {
  headPosition: number;
  globalHash: string;
  at: string;
}

interface Verification {
  verified: boolean;
  streams: number;
  events: number;
  headPosition: number;
  broken: { streamId?: string; streamVersion?: number; position?: number; reason: string }[];
}

/**
 * Funds tampered with by SQL, one way each, with untouched ones between the deletions so that
 * each leaves a hole of its own in the positions.
 */
const FUNDS = ['f-amount', 'f-type', 'f-date', 'f-middle', 'f-last', 'f-tail', 'f-whole', 'f-end'];

describe.each(TEST_APP_STORES)('integrity of the stored log (%s store)', (store) => {
  let app: TestApp;
  let sql: Client;
  let auditor: string;
  let finance: string;

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (rt) => [FundsServiceModule.register(rt), AlertServiceModule.register(rt)],
    });
    sql = new Client({ connectionString: app.runtime.databaseUrl });
    await sql.connect();
    auditor = app.token('auditor', ['32']);
    finance = app.token('finance', [COUNTY]);
    const registrar = app.token('registrar', [COUNTY]);
    for (const householdId of ['hh-1', 'hh-2']) {
      await created(app, '/api/households', registrar, {
        householdId,
        villageCode: VILLAGE,
        headName: '王小华',
        idNumber: '32082619900101123X',
        members: 3,
        registeredOn: '2023-06-01',
      });
    }
    for (const fundId of FUNDS) await fundWithPayments(app, finance, fundId, 2);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await sql?.end();
    await app?.close();
  });

  const verify = async (body: unknown = {}): Promise<Verification> => {
    const response = await app.request('POST', '/api/audit/verify', { token: auditor, body });
    expect(response.status).toBe(200);
    return response.body as Verification;
  };
  const head = async (): Promise<Head> => {
    const response = await app.request('GET', '/api/public/integrity');
    expect(response.status).toBe(200);
    return response.body as Head;
  };
  const positionOf = async (streamId: string, version: number): Promise<number> => {
    const { rows } = await sql.query<{ p: string }>(
      'SELECT global_position AS p FROM es_events WHERE stream_id = $1 AND stream_version = $2',
      [streamId, version],
    );
    return Number(rows[0]?.p);
  };

  it('verifies an untouched log and publishes its head', async () => {
    const published = await head();
    expect(published.globalHash).toMatch(/^[0-9a-f]{64}$/);
    const result = await verify({ anchor: {
      position: published.headPosition, globalHash: published.globalHash } });
    expect(result).toMatchObject({ verified: true, broken: [] });
    expect(result.headPosition).toBeGreaterThanOrEqual(published.headPosition);
    expect(result.streams).toBeGreaterThanOrEqual(FUNDS.length + 2);
    expect(result.events).toBeGreaterThanOrEqual(FUNDS.length * 4 + 2);
    const denied = await app.request('POST', '/api/audit/verify', { token: finance, body: {} });
    expect(denied.status).toBe(403);
  });

  it('names every stream, version and position that SQL edits and deletions broke', async () => {
    // Read once before: the process now holds the fold and a verified head of this stream.
    const before = await app.request('GET', '/api/funds/f-date', { token: finance });
    expect(before.status).toBe(200);
    const amountAt = await positionOf('fund-f-amount', 3);
    const middleAt = await positionOf('fund-f-middle', 2);
    const lastAt = await positionOf('fund-f-last', 4);
    const wholeAt = await positionOf('fund-f-whole', 1);
    await sql.query(`UPDATE es_events SET data = jsonb_set(data, '{amountFen}', '1')
      WHERE stream_id = 'fund-f-amount' AND stream_version = 3`);
    await sql.query(`UPDATE es_events SET type = 'FundReturned'
      WHERE stream_id = 'fund-f-type' AND stream_version = 3`);
    await sql.query(`UPDATE es_events SET occurred_on = '2020-01-01'
      WHERE stream_id = 'fund-f-date' AND stream_version = 3`);
    await sql.query(`DELETE FROM es_events WHERE stream_id = 'fund-f-middle'
      AND stream_version = 2`);
    await sql.query(`DELETE FROM es_events WHERE stream_id = 'fund-f-last' AND stream_version = 4`);
    await sql.query(`UPDATE es_streams SET version = 3, last_hash = (SELECT hash FROM es_events
      WHERE stream_id = 'fund-f-last' AND stream_version = 3) WHERE stream_id = 'fund-f-last'`);
    await sql.query(`DELETE FROM es_events WHERE stream_id = 'fund-f-whole'`);
    await sql.query(`DELETE FROM es_streams WHERE stream_id = 'fund-f-whole'`);
    const result = await verify();
    expect(result.verified).toBe(false);
    const expected = [
      { streamId: 'fund-f-amount', streamVersion: 3, position: amountAt },
      { streamId: 'fund-f-type', streamVersion: 3 },
      { streamId: 'fund-f-date', streamVersion: 3 },
      { streamId: 'fund-f-middle', streamVersion: 2 },
      { position: middleAt },
      { position: lastAt },
      { position: wholeAt },
    ];
    for (const item of expected) {
      expect(result.broken).toContainEqual(expect.objectContaining(item));
    }
    const untouched = result.broken.filter((b) => b.streamId === 'fund-f-tail');
    expect(untouched).toEqual([]);
  });

  it('refuses a fund read of a tampered stream and raises TAMPER_DETECTED once', async () => {
    for (let i = 0; i < 2; i += 1) {
      const read = await app.request('GET', '/api/funds/f-amount', { token: finance });
      expect(read.status).toBe(409);
      expect(read.body).toMatchObject({ error: { code: 'STREAM_TAMPERED' } });
    }
    const typed = await app.request('GET', '/api/funds/f-type', { token: finance });
    expect(typed.body).toMatchObject({ error: { code: 'STREAM_TAMPERED' } });
    // Read and verified before the edit: the edit of an old event still shows.
    const dated = await app.request('GET', '/api/funds/f-date', { token: finance });
    expect(dated.body).toMatchObject({ error: { code: 'STREAM_TAMPERED' } });
    const intact = await app.request('GET', '/api/funds/f-tail', { token: finance });
    expect(intact.status).toBe(200);
    const items = await alertsWhen(app, auditor, (list) =>
      list.some((a) => a.rule === 'TAMPER_DETECTED' && a.subject.id === 'fund-f-amount'));
    const amount = items.filter((a) => a.subject.id === 'fund-f-amount');
    expect(amount).toEqual([
      expect.objectContaining({ rule: 'TAMPER_DETECTED', severity: 'critical',
        subject: { type: 'stream', id: 'fund-f-amount' } }),
    ]);
  });

  it('proves a truncated log no longer extends an earlier public head', async () => {
    // The alerts raised above settle first, so the anchor is the log's real end.
    await alertsWhen(app, auditor, (list) =>
      ['fund-f-type', 'fund-f-date', 'fund-f-middle'].every((id) =>
        list.some((a) => a.rule === 'TAMPER_DETECTED' && a.subject.id === id)));
    const anchor = await head();
    // Cut back to the end of an earlier append, with every counter rolled back to match.
    const { rows } = await sql.query<{ p: string }>(
      'SELECT max(position) AS p FROM es_global_chain WHERE position < $1',
      [anchor.headPosition],
    );
    const cut = Number(rows[0]?.p);
    expect(cut).toBeGreaterThan(0);
    await sql.query('DELETE FROM es_events WHERE global_position > $1', [cut]);
    await sql.query('DELETE FROM es_global_chain WHERE position > $1', [cut]);
    await sql.query(`UPDATE es_position SET value = $1, global_hash =
      (SELECT global_hash FROM es_global_chain WHERE position = $1) WHERE id = 1`, [cut]);
    const withoutAnchor = await verify();
    expect(withoutAnchor.broken).not.toContainEqual(
      expect.objectContaining({ position: anchor.headPosition }));
    const anchored = await verify({
      anchor: { position: anchor.headPosition, globalHash: anchor.globalHash },
    });
    expect(anchored.verified).toBe(false);
    expect(anchored.broken).toContainEqual(expect.objectContaining({
      position: anchor.headPosition,
      reason: expect.stringContaining('truncated'),
    }));
  });
});
