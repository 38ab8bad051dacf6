import type { DataSource } from 'typeorm';
import {
  PostgresEventStore,
  type EventStore,
  type StoredEvent,
  type VerifiedHead,
} from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import {
  LedgerProjection,
  LedgerQueries,
  ensureReadModelSchema,
  openLedgerDataSource,
  rebuildReadModels,
} from './index';
import { appendScenario } from './testing/scenario-events';
import { V1, metricsScenario } from './testing/metrics-scenario';

const AS_OF = '2024-12-31';

interface VerifyCall {
  streamId: string;
  from?: VerifiedHead;
  eventsChecked: number;
}

/** The real store, recording what each verification was asked and how much it read. */
function recordingStore(store: PostgresEventStore, calls: VerifyCall[]): EventStore {
  return {
    kind: store.kind,
    append: (streamId, events, options) => store.append(streamId, events, options),
    appendBulk: (items) => store.appendBulk(items),
    readStream: (streamId, options) => store.readStream(streamId, options),
    streamVersion: (streamId) => store.streamVersion(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    unchangedStreams: (checkpoints) => store.unchangedStreams(checkpoints),
    verifyStream: async (streamId, options) => {
      const result = await store.verifyStream(streamId, options);
      calls.push({ streamId, from: options?.from, eventsChecked: result.eventsChecked });
      return result;
    },
    listStreams: (prefix, limit) => store.listStreams(prefix, limit),
    close: () => store.close(),
  };
}

const payment = (tag: string, paymentId: string, amountFen: number) => ({
  streamId: `fund-${tag}-f1`,
  occurredOn: '2024-07-01',
  event: {
    type: 'HouseholdPaid',
    data: {
      paymentId,
      allocationId: 'a1',
      householdId: `${tag}-h1`,
      amountFen,
      paidOn: '2024-07-01',
      channel: 'bank',
      voucherNo: paymentId,
    },
  } as const,
});

describe('village history verified from per-stream checkpoints', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let db: DataSource;

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url, poolSizeMax: 3 });
    db = await openLedgerDataSource(server.url);
  });

  afterAll(async () => {
    await db.destroy();
    await store.close();
    await server.stop();
  });

  /** A county of its own per test: its own streams and read-model schema. */
  async function county(tag: string) {
    const schema = `ledger_verify_${tag}`;
    await ensureReadModelSchema(db, schema);
    const projection = new LedgerProjection(db, schema);
    const calls: VerifyCall[] = [];
    const queries = new LedgerQueries({ db, schema, store: recordingStore(store, calls) });
    await projection.handle(await appendScenario(store, metricsScenario(tag)));
    const fund = `fund-${tag}-f1`;
    const pay = async (paymentId: string, amountFen: number): Promise<StoredEvent> => {
      const [event] = await appendScenario(store, [payment(tag, paymentId, amountFen)]);
      if (!event) throw new Error('the payment was not appended');
      await projection.handle([event]);
      return event;
    };
    const checkpoint = async (streamId: string): Promise<number | undefined> => {
      const rows: { version: number }[] = await db.query(
        `SELECT version FROM ${schema}.verified_streams WHERE stream_id = $1`,
        [streamId],
      );
      return rows[0]?.version;
    };
    const history = () => queries.villageHistory(V1, AS_OF);
    return { queries, calls, fund, pay, checkpoint, history, schema };
  }

  const editEvent = (streamId: string, version: number) =>
    store.pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{amountFen}', '1')
       WHERE stream_id = $1 AND stream_version = $2`,
      [streamId, version],
    );

  it('verifies every chain once, then only the events appended since', async () => {
    const { calls, fund, pay, checkpoint, history } = await county('incr');
    const first = await history();
    expect(first.integrity).toEqual({ verified: true, streams: 4, broken: [] });
    expect(calls.every((call) => call.from === undefined)).toBe(true);
    const fundVersion = await store.streamVersion(fund);
    expect(await checkpoint(fund)).toBe(fundVersion);
    calls.length = 0;
    await pay('pay3', 10_000);
    const second = await history();
    expect(second.integrity.verified).toBe(true);
    expect(second.entries.map((entry) => entry.type)).toContain('HouseholdPaid');
    // The three unchanged streams are settled by one query; only the fund is read.
    expect(calls).toEqual([
      { streamId: fund, from: expect.objectContaining({ version: fundVersion }), eventsChecked: 1 },
    ]);
    expect(await checkpoint(fund)).toBe(fundVersion + 1);
  });

  it('keeps the checkpoints through a rebuild of the read model', async () => {
    const { fund, checkpoint, history, schema } = await county('kept');
    await history();
    const verifiedVersion = await checkpoint(fund);
    await rebuildReadModels({ store, dataSource: db, liveSchema: schema });
    expect(await checkpoint(fund)).toBe(verifiedVersion);
  });

  it('misses an edit of an already verified event unless verified in full', async () => {
    const { queries, fund, checkpoint, history } = await county('old');
    await history();
    const verifiedVersion = await checkpoint(fund);
    await editEvent(fund, 3);
    expect((await history()).integrity.verified).toBe(true);
    const full = await queries.villageHistory(V1, AS_OF, 'full');
    expect(full.integrity).toMatchObject({
      verified: false,
      brokenAt: { streamId: fund, streamVersion: 3 },
    });
    expect(await checkpoint(fund)).toBe(verifiedVersion);
  });

  it('reports an edit after the checkpoint on every later request', async () => {
    const { fund, pay, checkpoint, history } = await county('new');
    await history();
    const verifiedVersion = await checkpoint(fund);
    const paid = await pay('pay3', 10_000);
    await pay('pay4', 20_000);
    await editEvent(fund, paid.streamVersion);
    for (let request = 0; request < 2; request += 1) {
      expect((await history()).integrity).toMatchObject({
        verified: false,
        brokenAt: { streamId: fund, streamVersion: paid.streamVersion },
      });
    }
    expect(await checkpoint(fund)).toBe(verifiedVersion);
  });

  it('reports a removed tail, with or without the stream head rewritten', async () => {
    const { fund, pay, history } = await county('cut');
    await pay('pay3', 10_000);
    await history();
    const version = await store.streamVersion(fund);
    await store.pool.query('DELETE FROM es_events WHERE stream_id = $1 AND stream_version = $2', [
      fund,
      version,
    ]);
    expect((await history()).integrity).toMatchObject({ verified: false });
    // Cut further and make the recorded head agree with what is left: the chain that
    // remains is consistent, but the verified checkpoint is gone.
    await store.pool.query('DELETE FROM es_events WHERE stream_id = $1 AND stream_version >= $2', [
      fund,
      version - 2,
    ]);
    await store.pool.query(
      `UPDATE es_streams SET version = $2, last_hash = (
         SELECT hash FROM es_events WHERE stream_id = $1 AND stream_version = $2)
       WHERE stream_id = $1`,
      [fund, version - 3],
    );
    expect((await history()).integrity).toMatchObject({
      verified: false,
      brokenAt: { streamId: fund },
    });
  });
});
