import fc from 'fast-check';
import { DomainError, fundDecider, type FundCommand, type FundState } from '@sunshine/domain';
import { fundReceived } from '@sunshine/domain/testing';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { handleCommand, loadStream, PostgresEventStore, type CommandMetadata, type EventStore } from '../index';
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

const receive = (fundId: string, amountFen: number): FundCommand => ({
  type: 'ReceiveFund',
  data: { fundId, ...fundReceived({ amountFen }).data },
});
const allocate = (fundId: string, allocationId: string, amountFen: number): FundCommand => ({
  type: 'AllocateFund',
  data: {
    fundId,
    allocationId,
    target: { type: 'village', id: VILLAGE },
    villageCode: VILLAGE,
    amountFen,
    allocatedOn: '2024-02-01',
  },
});
const pay = (fundId: string, paymentId: string, allocationId: string, amountFen: number) =>
  ({
    type: 'PayHousehold',
    data: {
      fundId,
      paymentId,
      allocationId,
      householdId: `hh-${paymentId}`,
      amountFen,
      paidOn: '2024-03-01',
      channel: '一卡通',
      voucherNo: `V-${paymentId}`,
    },
  }) as FundCommand;

interface Submitted {
  command: FundCommand;
  key?: string;
}

/** "ok@version" or the refusal's code: what a caller is told. */
async function answerOf(promise: Promise<{ nextExpectedVersion: number }>): Promise<string> {
  try {
    return `ok@${(await promise).nextExpectedVersion}`;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

describe('the command processor on PostgreSQL', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let other: PostgresEventStore;
  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    // A second pool and processor on the same database: another instance of the service.
    other = await PostgresEventStore.connect({ connectionString: server.url });
  });
  afterAll(async () => {
    await store.close();
    await other.close();
    await server.stop();
  });

  const run = (on: EventStore, streamId: string, submitted: Submitted) =>
    handleCommand({
      store: on,
      decider: fundDecider,
      streamId,
      command: submitted.command,
      metadata,
      idempotencyKey: submitted.key,
    });

  async function newFund(amountFen: number, allocationFen: number): Promise<[string, string]> {
    const fundId = uniqueStreamId('f');
    const streamId = `fund-${fundId}`;
    await run(store, streamId, { command: receive(fundId, amountFen) });
    await run(store, streamId, { command: allocate(fundId, 'a1', allocationFen) });
    return [fundId, streamId];
  }

  const commandArbitrary = (fundId: string) =>
    fc.record({
      kind: fc.constantFrom('pay', 'pay', 'pay', 'allocate', 'unknown-allocation'),
      id: fc.integer({ min: 0, max: 6 }),
      amountFen: fc.integer({ min: 1, max: 4_000 }),
      key: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    }).map(({ kind, id, amountFen, key }): Submitted => {
      const keyed = key === undefined ? {} : { key: `k${key}` };
      if (kind === 'allocate') {
        return { command: allocate(fundId, `a${id + 2}`, amountFen), ...keyed };
      }
      const allocationId = kind === 'unknown-allocation' ? 'missing' : 'a1';
      return { command: pay(fundId, `p${id}`, allocationId, amountFen), ...keyed };
    });

  it('answers batched commands as if each ran alone, ending in the same state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }),
        async ([seed], chunkSizes) => {
          const [batchedFund, batchedStream] = await newFund(20_000, 10_000);
          const [aloneFund, aloneStream] = await newFund(20_000, 10_000);
          const queue = fc.array(commandArbitrary('F'), { minLength: 1, maxLength: 30 });
          const commands = fc.sample(queue, { seed: seed ?? 0, numRuns: 1 })[0] ?? [];
          // The store's keys are global, so each stream's commands carry keys of their own.
          const forFund = (fundId: string, s: Submitted): Submitted => ({
            command: { ...s.command, data: { ...s.command.data, fundId } } as FundCommand,
            ...(s.key === undefined ? {} : { key: `${fundId}:${s.key}` }),
          });
          // Batched: commands arrive in chunks, each chunk at once, chunks one after another.
          const batched: Promise<string>[] = [];
          let at = 0;
          for (const size of [...chunkSizes, commands.length]) {
            const chunk = commands.slice(at, at + size);
            at += size;
            const answers = chunk.map((s) =>
              answerOf(run(store, batchedStream, forFund(batchedFund, s))),
            );
            batched.push(...answers);
            await Promise.all(answers);
            if (at >= commands.length) break;
          }
          const alone: string[] = [];
          for (const s of commands) {
            alone.push(await answerOf(run(other, aloneStream, forFund(aloneFund, s))));
          }
          expect(await Promise.all(batched)).toEqual(alone);
          const batchedState = await loadStream(other, fundDecider, batchedStream);
          const aloneState = await loadStream(store, fundDecider, aloneStream);
          expect(summary(batchedState.state)).toEqual(summary(aloneState.state));
          expect(batchedState.version).toBe(aloneState.version);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('pays exactly ten of twenty racing payments from two instances', async () => {
    const [fundId, streamId] = await newFund(1_000_000, 10_000);
    const racers = Array.from({ length: 20 }, (_, i) =>
      answerOf(
        run(i % 2 === 0 ? store : other, streamId, { command: pay(fundId, `p${i}`, 'a1', 1_000) }),
      ),
    );
    const answers = await Promise.all(racers);
    expect(answers.filter((a) => a.startsWith('ok@'))).toHaveLength(10);
    expect(answers.filter((a) => a === 'INSUFFICIENT_FUNDS')).toHaveLength(10);
    const events = await store.readStream(streamId);
    const paidFen = events
      .filter((e) => e.type === 'HouseholdPaid')
      .reduce((sum, e) => sum + Number(e.data.amountFen), 0);
    expect(paidFen).toBe(10_000);
    const folded = await loadStream(other, fundDecider, streamId);
    expect(folded.state.status === 'received' && folded.state.allocations[0]?.remainingFen).toBe(0);
  });

  it('decides again on fresh state when another instance wrote behind its cache', async () => {
    const [fundId, streamId] = await newFund(1_000_000, 5_000);
    await run(store, streamId, { command: pay(fundId, 'p1', 'a1', 1_000) });
    await run(other, streamId, { command: pay(fundId, 'p2', 'a1', 3_000) });
    // The first instance's cache still says 4,000 fen are left; the store says 1,000.
    const answer = (paymentId: string, amountFen: number) =>
      answerOf(run(store, streamId, { command: pay(fundId, paymentId, 'a1', amountFen) }));
    expect(await answer('p3', 2_000)).toBe('INSUFFICIENT_FUNDS');
    expect(await answer('p2', 1)).toBe('ALREADY_EXISTS');
    expect(await answer('p4', 1_000)).toBe('ok@5');
  });

  it('writes a stream under a lease once another instance raced it', async () => {
    const [fundId, streamId] = await newFund(1_000_000, 5_000);
    let leases = 0;
    const counted: EventStore = Object.create(other, {
      leaseStream: {
        value: (id: string) => {
          leases += 1;
          return other.leaseStream(id);
        },
      },
    });
    const payOn = (on: EventStore, paymentId: string) =>
      answerOf(run(on, streamId, { command: pay(fundId, paymentId, 'a1', 100) }));
    expect(await payOn(counted, 'p1')).toBe('ok@3');
    expect(await payOn(store, 'p2')).toBe('ok@4');
    expect(leases).toBe(0);
    // Its cache is behind: the append conflicts, it reads p2 and decides again.
    expect(await payOn(counted, 'p3')).toBe('ok@5');
    expect(await payOn(counted, 'p4')).toBe('ok@6');
    expect(leases).toBe(1);
  });

  it('answers a repeated idempotency key with the first result and appends once', async () => {
    const [fundId, streamId] = await newFund(1_000_000, 5_000);
    const twice = [store, store, other].map((on, i) =>
      run(on, streamId, { command: pay(fundId, `p${i}`, 'a1', 100), key: 'same-key' }),
    );
    const results = await Promise.all(twice);
    expect(new Set(results.map((r) => r.events[0]?.eventId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await store.streamVersion(streamId)).toBe(3);
  });

  it('starts a command on a long stream from its snapshot, reading only later events', async () => {
    const [fundId, streamId] = await newFund(10_000_000, 5_000_000);
    for (let start = 0; start < 2_400; start += 400) {
      await Promise.all(Array.from({ length: 400 }, (_, i) =>
        run(store, streamId, { command: pay(fundId, `p${start + i}`, 'a1', 10) })));
    }
    await waitForSnapshot(store, streamId);
    const cold = await PostgresEventStore.connect({ connectionString: server.url });
    try {
      const reads: number[] = [];
      const counting: EventStore = Object.create(cold, {
        readStream: {
          value: async (...args: Parameters<EventStore['readStream']>) => {
            const page = await cold.readStream(...args);
            reads.push(page.length);
            return page;
          },
        },
      });
      // A command's cold fold starts from the snapshot; the state read from it still refuses
      // a payment id used before it.
      const again = run(counting, streamId, { command: pay(fundId, 'p7', 'a1', 10) });
      expect(await answerOf(again)).toBe('ALREADY_EXISTS');
      expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(2_402);
      // A read checks the whole chain (SPEC §12) and folds to the same state.
      const folded = await loadStream(cold, fundDecider, streamId);
      const full = await loadStream(store, fundDecider, streamId);
      expect(summary(folded.state)).toEqual(summary(full.state));
      expect(folded.version).toBe(2_402);
    } finally {
      await cold.close();
    }
  });
});

async function waitForSnapshot(store: PostgresEventStore, streamId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const result = await store.pool.query('SELECT 1 FROM es_snapshots WHERE stream_id = $1', [
      streamId,
    ]);
    if (result.rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no snapshot of ${streamId}`);
}

/** What a fund's state says about money and ids, comparable across streams. */
function summary(state: FundState) {
  if (state.status !== 'received') return state;
  const { movementIds, ...rest } = state;
  return { ...rest, movementIds: movementIds.members().sort() };
}
