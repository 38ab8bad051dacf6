import type { DataSource } from 'typeorm';
import { PostgresEventStore, type StoredEvent } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import {
  LedgerProjection,
  LedgerQueries,
  compareReadModels,
  ensureReadModelSchema,
  openLedgerDataSource,
  rebuildReadModels,
} from './index';
import { appendScenario } from './testing/scenario-events';
import { COUNTY, metricsScenario } from './testing/metrics-scenario';

async function projectInto(db: DataSource, schema: string, batches: StoredEvent[][]) {
  await ensureReadModelSchema(db, schema);
  const projection = new LedgerProjection(db, schema);
  for (const batch of batches) await projection.handle(batch);
  return projection;
}

const chunks = (events: StoredEvent[], size: number): StoredEvent[][] =>
  Array.from({ length: Math.ceil(events.length / size) }, (_, i) =>
    events.slice(i * size, (i + 1) * size),
  );

describe('the ledger projection', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let db: DataSource;
  let stored: StoredEvent[];

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url, poolSizeMax: 3 });
    db = await openLedgerDataSource(server.url, 'ledger_once');
    stored = await appendScenario(store, metricsScenario('p'));
    await projectInto(db, 'ledger_once', [stored]);
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await server.stop();
  });

  it('changes nothing when batches are delivered again, whole or overlapping', async () => {
    await projectInto(db, 'ledger_again', [
      ...chunks(stored, 3),
      stored,
      ...chunks(stored.slice(2), 5),
      [...stored].reverse(),
    ]);
    const comparison = await compareReadModels(db, 'ledger_once', 'ledger_again');
    expect(comparison.differences).toEqual([]);
    expect(comparison.rowCounts.money_movements).toEqual([11, 11]);
  });

  it('gives the same model when streams arrive out of global order, as over Kafka', async () => {
    // Per-stream order only: every fund event (payments included) before any household's.
    const byStream = new Map<string, StoredEvent[]>();
    for (const event of stored) {
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    }
    const rank = (id: string) => (id.startsWith('fund-') ? 0 : 1);
    const streams = [...byStream.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const perStream = streams.map((id) => byStream.get(id)!);
    await projectInto(db, 'ledger_streams', perStream);
    await projectInto(db, 'ledger_streams_one_batch', [perStream.flat()]);
    for (const schema of ['ledger_streams', 'ledger_streams_one_batch']) {
      const comparison = await compareReadModels(db, 'ledger_once', schema, [
        'timeline',
        'money_movements',
        'households',
        'household_status_daily',
      ]);
      expect({ schema, differences: comparison.differences }).toEqual({ schema, differences: [] });
    }
  });

  it('keeps nothing of a delivery that fails halfway, all of it once retried', async () => {
    const half = Math.floor(stored.length / 2);
    const projection = await projectInto(db, 'ledger_crash', [stored.slice(0, half)]);
    const positionBefore = await projection.lastPosition();
    const last = stored[stored.length - 1]!;
    const corrupt: StoredEvent = {
      ...last,
      streamVersion: last.streamVersion + 1,
      globalPosition: last.globalPosition + 1,
      type: 'FundDisbursed',
      data: { amountFen: -1 },
    };
    await expect(projection.handle([...stored.slice(half), corrupt])).rejects.toThrow();
    expect(await projection.lastPosition()).toBe(positionBefore);
    const partial = await compareReadModels(db, 'ledger_once', 'ledger_crash');
    expect(partial.equal).toBe(false);
    await projection.handle(stored.slice(half));
    expect((await compareReadModels(db, 'ledger_once', 'ledger_crash')).differences).toEqual([]);
  });

  it('rebuilds from the store into a fresh schema equal to the incremental model', async () => {
    const progress: number[] = [];
    const result = await rebuildReadModels({
      store,
      dataSource: db,
      liveSchema: 'ledger_rebuilt',
      batchSize: 5,
      onProgress: (p) => progress.push(p.events),
    });
    expect(result.events).toBe(stored.length);
    expect(progress).toEqual([5, 10, 15, stored.length]);
    expect((await compareReadModels(db, 'ledger_once', 'ledger_rebuilt')).differences).toEqual([]);
  });

  it('swaps a second rebuild in over the live schema, later events included', async () => {
    const later = await appendScenario(store, metricsScenario('q'));
    await new LedgerProjection(db, 'ledger_once').handle(later);
    await rebuildReadModels({ store, dataSource: db, liveSchema: 'ledger_rebuilt' });
    const comparison = await compareReadModels(db, 'ledger_once', 'ledger_rebuilt');
    expect(comparison.differences).toEqual([]);
    expect(comparison.rowCounts.money_movements).toEqual([22, 22]);
    const schemas = await db.query(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ledger_rebuil%' ORDER BY nspname`,
    );
    expect(schemas).toEqual([{ nspname: 'ledger_rebuilt' }]);
    const queries = new LedgerQueries({ db, schema: 'ledger_rebuilt', store });
    const summary = await queries.regionSummary({ regionCode: COUNTY, asOf: '2024-06-30' });
    expect(summary.receivedFen).toBe(3_000_000);
    expect(await queries.position()).toBe(later[later.length - 1]!.globalPosition);
  });
});
