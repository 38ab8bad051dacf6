import type { DataSource } from 'typeorm';
import { PostgresEventStore, type StoredEvent } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import {
  decodeHistoryCursor,
  type HistoryCursor,
  type HistoryEntry,
  LedgerProjection,
  LedgerQueries,
  openLedgerDataSource,
} from './index';
import { appendScenario } from './testing/scenario-events';
import { COUNTY, TOWN_A, TOWN_B, V1, V2, V3, metricsScenario } from './testing/metrics-scenario';

const SCHEMA = 'ledger_metrics';

describe('ledger metrics over a hand-computed county', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let db: DataSource;
  let queries: LedgerQueries;
  let stored: StoredEvent[];

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url, poolSizeMax: 3 });
    db = await openLedgerDataSource(server.url, SCHEMA);
    stored = await appendScenario(store, metricsScenario('m'));
    const projection = new LedgerProjection(db, SCHEMA);
    // Uneven deliveries, so that entities created in one batch are looked up by the next.
    for (let start = 0; start < stored.length; start += 4) {
      await projection.handle(stored.slice(start, start + 4));
    }
    queries = new LedgerQueries({ db, schema: SCHEMA, store, idleDays: 90 });
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await server.stop();
  });

  it('sums the county: receipts, allocations, payments, both returns, idle money', async () => {
    const summary = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-06-30' });
    expect(summary).toMatchObject({
      regionCode: COUNTY,
      level: 'county',
      receivedFen: 1_500_000,
      allocatedFen: 800_000,
      disbursedFen: 250_000,
      returnedFen: 150_000,
      retainedFen: 1_100_000,
      retentionRate: 0.7333,
      idleFen: 300_000,
      stuckFundRate: 0.375,
      householdsByStatus: { in_poverty: 1, exited: 1 },
      projectsByStage: { feasibility: 1 },
    });
    expect(summary.children.map((child) => child.regionCode)).toEqual([TOWN_A, TOWN_B]);
  });

  it('gives each town its allocations, the county-level return staying above', async () => {
    const summary = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-06-30' });
    const [townA, townB] = summary.children;
    expect(townA).toMatchObject({
      receivedFen: 700_000,
      allocatedFen: 700_000,
      disbursedFen: 250_000,
      returnedFen: 50_000,
      retainedFen: 400_000,
      retentionRate: 0.5714,
      idleFen: 200_000,
      stuckFundRate: 0.2857,
    });
    expect(townB).toMatchObject({ receivedFen: 100_000, idleFen: 100_000, retentionRate: 1 });
  });

  it('counts a payment to another village’s household where the money was allocated', async () => {
    const v1 = await queries.regionSummary({ regionCode: V1, asOf: '2024-06-30' });
    const v2 = await queries.regionSummary({ regionCode: V2, asOf: '2024-06-30' });
    expect(v1).toMatchObject({
      name: '东村',
      weakVillage: true,
      receivedFen: 500_000,
      disbursedFen: 100_000,
      retainedFen: 400_000,
      retentionRate: 0.8,
      idleFen: 200_000,
      stuckFundRate: 0.4,
    });
    expect(v2).toMatchObject({ receivedFen: 200_000, disbursedFen: 150_000, retainedFen: 0 });
    expect(v1.children).toEqual([]);
  });

  it('includes an event dated T and excludes one dated the day after T', async () => {
    const before = await queries.regionSummary({ regionCode: V1, asOf: '2024-02-29' });
    const on = await queries.regionSummary({ regionCode: V1, asOf: '2024-03-01' });
    expect([before.receivedFen, before.disbursedFen]).toEqual([300_000, 0]);
    expect([on.receivedFen, on.disbursedFen]).toEqual([300_000, 40_000]);
    const beforeReturn = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-05-31' });
    const afterReturn = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-06-01' });
    expect(beforeReturn.returnedFen).toBe(50_000);
    expect(afterReturn.returnedFen).toBe(150_000);
    const empty = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-01-09' });
    expect(empty).toMatchObject({ receivedFen: 0, retentionRate: 0, stuckFundRate: 0 });
    expect(empty.householdsByStatus).toEqual({ in_poverty: 2 });
  });

  it('treats an allocation exactly idleDays quiet as active and one day more as idle', async () => {
    const quiet90 = await queries.regionSummary({ regionCode: TOWN_B, asOf: '2024-04-14' });
    const quiet91 = await queries.regionSummary({ regionCode: TOWN_B, asOf: '2024-04-15' });
    expect(quiet90.idleFen).toBe(0);
    expect(quiet91).toMatchObject({ idleFen: 100_000, stuckFundRate: 1 });
    expect(quiet91.children).toEqual([
      expect.objectContaining({ regionCode: V3, idleFen: 100_000 }),
    ]);
  });

  it('counts from the latest payment, not the allocation date, once money has moved', async () => {
    // a1 was allocated on 02-01 and last paid on 04-10: 91 days after 04-10 is 07-10.
    const day90 = await queries.regionSummary({ regionCode: V1, asOf: '2024-07-09' });
    const day91 = await queries.regionSummary({ regionCode: V1, asOf: '2024-07-10' });
    expect(day90.idleFen).toBe(200_000);
    expect(day91.idleFen).toBe(400_000);
  });

  it('filters by category and fiscal year', async () => {
    const housing = await queries.regionSummary({
      regionCode: COUNTY,
      asOf: '2024-06-30',
      category: 'housing',
    });
    expect(housing).toMatchObject({
      receivedFen: 500_000,
      allocatedFen: 200_000,
      disbursedFen: 0,
      retentionRate: 1,
      idleFen: 200_000,
      stuckFundRate: 1,
    });
    const otherYear = await queries.regionSummary({
      regionCode: COUNTY,
      asOf: '2024-06-30',
      fiscalYear: 2023,
    });
    expect(otherYear).toMatchObject({ receivedFen: 0, allocatedFen: 0, retentionRate: 0 });
  });

  it('replays a village by business date with running balances and intact chains', async () => {
    const history = await queries.villageHistory(V1, '2024-06-30');
    expect(history.entries.map((entry) => [entry.type, entry.balanceFen])).toEqual([
      ['HouseholdRegistered', 0],
      ['ProjectRegistered', 0],
      ['FundAllocated', 300_000],
      ['ProjectStageAdvanced', 300_000],
      ['HouseholdPaid', 260_000],
      ['FundAllocated', 460_000],
      ['HouseholdPaid', 400_000],
    ]);
    expect(history.integrity).toEqual({ verified: true, streams: 4, broken: [] });
    expect(JSON.stringify(history)).not.toContain('320826199001011234');
  });

  it('pages a village history, the running balance continuing across pages', async () => {
    const whole = await queries.villageHistory(V1, '2024-06-30');
    const pages: HistoryEntry[][] = [];
    let after: HistoryCursor | undefined;
    for (let page = 0; page < 10; page += 1) {
      const history = await queries.villageHistory(V1, '2024-06-30', 'incremental', {
        limit: 3,
        ...(after ? { after } : {}),
      });
      pages.push(history.entries);
      expect(history.truncated).toBe(history.nextCursor !== undefined);
      if (!history.nextCursor) break;
      after = decodeHistoryCursor(history.nextCursor);
    }
    expect(pages.map((entries) => entries.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(whole.entries);
    expect(whole.truncated).toBe(false);
  });

  it('lists another village’s payment where the household lives, balance unmoved', async () => {
    const history = await queries.villageHistory(V2, '2024-06-30');
    const payment = history.entries.find((entry) => entry.type === 'HouseholdPaid');
    expect(payment).toMatchObject({ balanceEffectFen: 0, balanceFen: 50_000, amountFen: 40_000 });
    expect(history.entries[history.entries.length - 1]?.balanceFen).toBe(0);
  });

  it('reports the stream and version of an event edited behind the store’s back', async () => {
    const allocation = stored.find((event) => event.type === 'FundAllocated');
    if (!allocation) throw new Error('scenario has an allocation');
    await store.pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{amountFen}', '1')
       WHERE stream_id = $1 AND stream_version = $2`,
      [allocation.streamId, allocation.streamVersion],
    );
    // Earlier histories verified this stream already; only a full verification re-reads it.
    const history = await queries.villageHistory(V3, '2024-06-30', 'full');
    expect(history.integrity).toMatchObject({
      verified: false,
      brokenAt: { streamId: allocation.streamId, streamVersion: allocation.streamVersion },
    });
  });

  it('counts open alerts by rule from the alert events it projects itself', async () => {
    const before = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-06-30' });
    expect(before.openAlertsByRule).toEqual({});
    const raised = (rule: 'IDLE_ALLOCATION' | 'CROSS_CHECK_HIT', village: string, on: string) =>
      ({ type: 'AlertRaised' as const, data: { rule, severity: 'medium' as const,
        subject: { type: 'region' as const, id: village }, regionCode: village, evidence: [],
        detectedOn: on, cause: `${rule}-${on}` } });
    const alerts = await appendScenario(store, [
      { streamId: 'alert-a1', event: raised('IDLE_ALLOCATION', V1, '2024-05-01'),
        occurredOn: '2024-05-01' },
      { streamId: 'alert-a2', event: raised('IDLE_ALLOCATION', V1, '2024-05-01'),
        occurredOn: '2024-05-01' },
      { streamId: 'alert-a2', occurredOn: '2024-05-02', event: { type: 'AlertResolved',
        data: { by: 'auditor-1', resolution: 'rectified', note: '' } } },
      { streamId: 'alert-a3', event: raised('CROSS_CHECK_HIT', V2, '2024-07-01'),
        occurredOn: '2024-07-01' },
      { streamId: 'alert-a4', event: raised('CROSS_CHECK_HIT', '999999', '2024-05-01'),
        occurredOn: '2024-05-01' },
      { streamId: 'alert-a5', event: raised('CROSS_CHECK_HIT', V2, '2024-05-01'),
        occurredOn: '2024-05-01' },
      { streamId: 'alert-a5', occurredOn: '2024-05-02', event: { type: 'AlertAcknowledged',
        data: { by: 'auditor-1', note: 'looking' } } },
    ]);
    const projection = new LedgerProjection(db, SCHEMA);
    await projection.handle(alerts.slice(0, 3));
    // A redelivery of the whole run changes nothing.
    await projection.handle(alerts);
    const after = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-06-30' });
    expect(after.openAlertsByRule).toEqual({ IDLE_ALLOCATION: 1 });
    const later = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-07-01' });
    expect(later.openAlertsByRule).toEqual({ IDLE_ALLOCATION: 1, CROSS_CHECK_HIT: 1 });
  });
});
