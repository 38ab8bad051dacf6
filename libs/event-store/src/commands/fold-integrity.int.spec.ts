import { DomainError, fundDecider, type FundCommand } from '@sunshine/domain';
import { fundReceived } from '@sunshine/domain/testing';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import {
  handleCommand,
  loadStream,
  onStreamTampered,
  PostgresEventStore,
  type CommandMetadata,
  type EventStore,
  type TamperReport,
} from '../index';
import { uniqueStreamId } from '../testing';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

const VILLAGE = '320826100201';
const metadata: CommandMetadata = {
  actor: { sub: 'finance-1', role: 'finance' },
  correlationId: 'corr',
  causationId: 'cause',
  occurredOn: '2024-03-01',
};

const commands = (fundId: string, allocations: number): FundCommand[] => [
  { type: 'ReceiveFund', data: { fundId, ...fundReceived({ amountFen: 1_000_000 }).data } },
  ...Array.from({ length: allocations }, (_, i): FundCommand => ({
    type: 'AllocateFund',
    data: {
      fundId,
      allocationId: `a${i}`,
      target: { type: 'village', id: VILLAGE },
      villageCode: VILLAGE,
      amountFen: 100,
      allocatedOn: '2024-02-01',
    },
  })),
];

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

/** A view of the store that counts the events its stream reads return. */
function counting(store: PostgresEventStore): { view: EventStore; read: () => number } {
  let events = 0;
  const view: EventStore = Object.create(store, {
    readStream: {
      value: async (...args: Parameters<EventStore['readStream']>) => {
        const page = await store.readStream(...args);
        events += page.length;
        return page;
      },
    },
  });
  return { view, read: () => events };
}

describe('folds on a PostgreSQL stream edited behind the store', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  async function fund(on: EventStore, allocations: number): Promise<[string, string]> {
    const fundId = uniqueStreamId('f');
    const streamId = `fund-${fundId}`;
    for (const command of commands(fundId, allocations)) {
      await handleCommand({ store: on, decider: fundDecider, streamId, command, metadata });
    }
    return [fundId, streamId];
  }

  const edit = (streamId: string, version: number) =>
    store.pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{amountFen}', '7')
       WHERE stream_id = $1 AND stream_version = $2`,
      [streamId, version],
    );

  it('refuses a read of a stream verified before its first event was edited', async () => {
    const { view } = counting(store);
    const [, streamId] = await fund(view, 3);
    const heard: TamperReport[] = [];
    const stop = onStreamTampered(view, (report) => heard.push(report));
    expect(await codeOf(loadStream(view, fundDecider, streamId))).toBe('ok');
    await edit(streamId, 1);
    expect(await codeOf(loadStream(view, fundDecider, streamId))).toBe('STREAM_TAMPERED');
    expect(heard).toEqual([{ streamId, streamVersion: 1 }]);
    stop();
  });

  it('refuses a command whose new events do not chain onto the cached fold', async () => {
    const [fundId, streamId] = await fund(store, 1);
    const other = await PostgresEventStore.connect({ connectionString: server.url });
    try {
      // Another instance appends; then its event is edited before this one catches up.
      const more = commands(fundId, 3).slice(2);
      for (const command of more) {
        await handleCommand({ store: other, decider: fundDecider, streamId, command, metadata });
      }
      await edit(streamId, 3);
      const next = commands(fundId, 5)[4]!;
      const answer = handleCommand({ store, decider: fundDecider, streamId, command: next,
        metadata });
      expect(await codeOf(answer)).toBe('STREAM_TAMPERED');
    } finally {
      await other.close();
    }
  });

  it('re-hashes on a later read only the events appended since the last verified one', async () => {
    const { view, read } = counting(store);
    const [fundId, streamId] = await fund(view, 40);
    await loadStream(view, fundDecider, streamId);
    const before = read();
    const next = commands(fundId, 41)[41]!;
    await handleCommand({ store: view, decider: fundDecider, streamId, command: next, metadata });
    await loadStream(view, fundDecider, streamId);
    // The anchor event and the one new event, not the 42 of the stream.
    expect(read() - before).toBeLessThan(10);
  });
});
