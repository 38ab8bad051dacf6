import { DomainError, EVENT_SCHEMAS, fundDecider, type FundCommand, type FundEvent } from '@sunshine/domain';
import { fundReceived } from '@sunshine/domain/testing';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { handleCommand, PostgresEventStore, type CommandMetadata, type EventStore, type StoredEvent } from './index';
import { testEvent, uniqueStreamId } from './testing';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

const metadata: CommandMetadata = {
  actor: { sub: 'finance-1', role: 'finance' },
  correlationId: 'corr',
  causationId: 'cause',
  occurredOn: '2024-02-01',
};

/** Validates stored fund events at their current schema version. */
function parseFundEvent(stored: StoredEvent): FundEvent {
  const entry = EVENT_SCHEMAS[stored.type as FundEvent['type']];
  if (!entry || entry.version !== stored.schemaVersion) {
    throw new Error(`unexpected ${stored.type} v${stored.schemaVersion}`);
  }
  return { type: stored.type, data: entry.schema.parse(stored.data) } as FundEvent;
}

const allocate = (fundId: string, allocationId: string, amountFen: number): FundCommand => ({
  type: 'AllocateFund',
  data: {
    fundId,
    allocationId,
    target: { type: 'village', id: '320826100201' },
    villageCode: '320826100201',
    amountFen,
    allocatedOn: '2024-02-01',
  },
});

const receive = (fundId: string): FundCommand => ({
  type: 'ReceiveFund',
  data: { fundId, ...fundReceived({ amountFen: 1_000_000 }).data },
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

describe('handleCommand on the PostgreSQL store', () => {
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

  const run = (streamId: string, command: FundCommand) =>
    handleCommand({
      store,
      decider: fundDecider,
      streamId,
      command,
      metadata,
      retryCountMax: 12,
      parse: parseFundEvent,
    });

  it('never over-allocates when allocations race, retrying conflicts on fresh state', async () => {
    const fundId = uniqueStreamId('f');
    const streamId = `fund-${fundId}`;
    await run(streamId, receive(fundId));
    const racers = Array.from({ length: 10 }, (_, i) =>
      outcome(run(streamId, allocate(fundId, `a${i}`, 150_000))),
    );
    const results = await Promise.all(racers);
    expect(results.filter((r) => r === 'ok')).toHaveLength(6);
    expect(results.filter((r) => r === 'INSUFFICIENT_FUNDS')).toHaveLength(4);
    const events = await store.readStream(streamId);
    const allocatedFen = events
      .filter((e) => e.type === 'FundAllocated')
      .reduce((sum, e) => sum + Number(e.data.amountFen), 0);
    expect(allocatedFen).toBe(900_000);
  });

  it('returns state and next version, and appends nothing when nothing is decided', async () => {
    const fundId = uniqueStreamId('f');
    const streamId = `fund-${fundId}`;
    const received = await run(streamId, receive(fundId));
    expect(received.nextExpectedVersion).toBe(1);
    expect(received.events.map((e) => e.type)).toEqual(['FundReceived']);
    const expected = fundDecider.evolve(
      fundDecider.initialState(),
      fundReceived({ amountFen: 1_000_000 }),
    );
    expect(received.state).toEqual(expected);
    const idle = await handleCommand({
      store,
      decider: { ...fundDecider, decide: () => [] },
      streamId,
      command: allocate(fundId, 'a1', 1000),
      metadata,
      parse: parseFundEvent,
    });
    expect(idle.nextExpectedVersion).toBe(1);
    expect(idle.events).toEqual([]);
    expect(await store.streamVersion(streamId)).toBe(1);
  });

  it('gives up with CONCURRENCY_CONFLICT once retries are spent', async () => {
    const fundId = uniqueStreamId('f');
    const streamId = `fund-${fundId}`;
    await run(streamId, receive(fundId));
    // Another writer slips an event in between every read and append of the handler.
    const interfere = () =>
      store.append(streamId, [{ ...testEvent(0), type: 'FundNoted' }], { expectedVersion: 'any' });
    const interfering: EventStore = Object.create(store, {
      appendBatch: {
        value: async (...args: Parameters<NonNullable<EventStore['appendBatch']>>) => {
          await interfere();
          return store.appendBatch(...args);
        },
      },
    });
    const parseSkippingNotes = (stored: StoredEvent): FundEvent =>
      stored.type === 'FundNoted'
        ? ({ type: 'FundReturned', data: {} } as unknown as FundEvent)
        : parseFundEvent(stored);
    const attempt = handleCommand({
      store: interfering,
      decider: {
        ...fundDecider,
        evolve: (state, event) =>
          event.type === 'FundReturned' ? state : fundDecider.evolve(state, event),
      },
      streamId,
      command: allocate(fundId, 'a1', 1000),
      metadata,
      retryCountMax: 2,
      parse: parseSkippingNotes,
    });
    expect(await outcome(attempt)).toBe('CONCURRENCY_CONFLICT');
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual([
      'FundReceived',
      'FundNoted',
      'FundNoted',
      'FundNoted',
    ]);
  });
});
