import { DomainError, parseStoredEvent } from '@sunshine/domain';
import type { CheckpointStore, EventStore, StoredEvent } from '../port';
import { MemoryCheckpointStore, testEvent, testEvents, uniqueStreamId } from './fixtures';
import { concurrencyContract, type ContractContext } from './concurrency-contract';

/**
 * The behaviour every EventStore adapter must show (Emmett's `emmett-tests` features). Call
 * it from an adapter's `*.int.spec.ts` with a factory that opens the adapter on a real
 * backend. Each test works on its own streams, so one store serves the whole suite.
 */

export interface ContractSubject {
  store: EventStore;
  /** The adapter's own checkpoint storage; an in-memory one is used when absent. */
  checkpoints?: CheckpointStore;
  /** Edits behind the store's back, where the backend allows them; their cases need it. */
  tamper?: Tamper;
  teardown(): Promise<void>;
}

/** Bounds the one-event pages of the checkpoint case, where other tests append meanwhile. */
const CHECKPOINT_PAGES_MAX = 10_000;

/** Opening or closing a store may start a server (the embedded one starts a process). */
const CONTRACT_HOOK_TIMEOUT_MS = 120_000;

export interface Tamper {
  /** Changes the stored data of one event, leaving its hashes as they were. */
  editEvent(streamId: string, version: number): Promise<void>;
  /** Deletes the events from `fromVersion` on, leaving the stream's recorded head alone. */
  removeTail(streamId: string, fromVersion: number): Promise<void>;
}

export interface ContractOptions {
  /** Volume of the concurrent-writers test; default 200 writers × 100 events. */
  writers?: number;
  eventsPerWriter?: number;
}


async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

export function eventStoreContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    const memoryCheckpoints = new MemoryCheckpointStore();
    const context: ContractContext = {
      store: () => subject.store,
      checkpoints: () => subject.checkpoints ?? memoryCheckpoints,
    };
    const tamper = () => subject.tamper;
    beforeAll(async () => {
      subject = await factory();
    }, CONTRACT_HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await subject?.teardown();
    }, CONTRACT_HOOK_TIMEOUT_MS);

    expectedVersionContract(context);
    readContract(context);
    verifyContract(context, tamper);
    idempotencyContract(context);
    schemaEvolutionContract(context);
    concurrencyContract(context, {
      writers: options.writers ?? 200,
      eventsPerWriter: options.eventsPerWriter ?? 100,
    });
  });
}

function expectedVersionContract(context: ContractContext): void {
  describe('expected versions', () => {
    it('appends with no_stream, then with the version number, counting from 1', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('ev');
      const first = await store.append(streamId, testEvents(2), { expectedVersion: 'no_stream' });
      expect(first.nextExpectedVersion).toBe(2);
      expect(first.events.map((e) => e.streamVersion)).toEqual([1, 2]);
      const second = await store.append(streamId, [testEvent(2)], { expectedVersion: 2 });
      expect(second.nextExpectedVersion).toBe(3);
      expect(second.lastPosition).toBeGreaterThan(first.lastPosition);
      expect(await store.streamVersion(streamId)).toBe(3);
    });

    it('rejects a stale or premature expected version with CONCURRENCY_CONFLICT', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('ev');
      await store.append(streamId, testEvents(1), { expectedVersion: 'no_stream' });
      const stale = store.append(streamId, [testEvent(9)], { expectedVersion: 0 });
      expect(await codeOf(stale)).toBe('CONCURRENCY_CONFLICT');
      const existing = store.append(streamId, [testEvent(9)], { expectedVersion: 'no_stream' });
      expect(await codeOf(existing)).toBe('CONCURRENCY_CONFLICT');
      const ahead = store.append(uniqueStreamId('ev'), [testEvent(9)], { expectedVersion: 3 });
      expect(await codeOf(ahead)).toBe('CONCURRENCY_CONFLICT');
      expect(await store.streamVersion(streamId)).toBe(1);
    });

    it('appends with any whatever the version', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('ev');
      await store.append(streamId, testEvents(1), { expectedVersion: 'any' });
      const result = await store.append(streamId, testEvents(2, 1), { expectedVersion: 'any' });
      expect(result.nextExpectedVersion).toBe(3);
    });

    it('lets exactly one of 50 racing appends at one expected version succeed', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('race');
      await store.append(streamId, testEvents(1), { expectedVersion: 'no_stream' });
      const racers = Array.from({ length: 50 }, (_, index) =>
        codeOf(store.append(streamId, [testEvent(100 + index)], { expectedVersion: 1 })),
      );
      const codes = await Promise.all(racers);
      expect(codes.filter((code) => code === 'resolved')).toHaveLength(1);
      expect(codes.filter((code) => code === 'CONCURRENCY_CONFLICT')).toHaveLength(49);
      expect(await store.streamVersion(streamId)).toBe(2);
    });
  });
}

function readContract(context: ContractContext): void {
  describe('reading', () => {
    it('reads a stream back as written, from a version, with its metadata', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('read');
      const written = await store.append(streamId, testEvents(5), { expectedVersion: 'no_stream' });
      const all = await store.readStream(streamId);
      expect(all).toEqual(written.events);
      const tail = await store.readStream(streamId, { fromVersion: 4, maxCount: 1 });
      expect(tail.map((e) => e.streamVersion)).toEqual([4]);
      expect(tail[0]?.data).toEqual(testEvent(3).data);
      expect(tail[0]?.actor).toEqual({ sub: 'contract-user', role: 'admin' });
      expect(await store.readStream(uniqueStreamId('none'))).toEqual([]);
    });

    it('reads the global log after a position in increasing order', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('all');
      const before = await store.headPosition();
      const written = await store.append(streamId, testEvents(3), { expectedVersion: 'no_stream' });
      const read = await store.readAll({ after: before, maxCount: 1000 });
      const mine = read.filter((e) => e.streamId === streamId);
      expect(mine.map((e) => e.eventId)).toEqual(written.events.map((e) => e.eventId));
      const positions = read.map((e) => e.globalPosition);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(await store.headPosition()).toBeGreaterThanOrEqual(written.lastPosition);
    });

    it('resumes the global log after each event, as a checkpoint does', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('page');
      const before = await store.headPosition();
      // One append of several events: a checkpoint inside it must not skip its rest.
      const written = await store.append(streamId, testEvents(4), { expectedVersion: 'no_stream' });
      const seen: number[] = [];
      let after = before;
      for (let page = 0; page < CHECKPOINT_PAGES_MAX; page += 1) {
        const [next] = await store.readAll({ after, maxCount: 1 });
        if (!next || next.globalPosition > written.lastPosition) break;
        expect(next.globalPosition).toBeGreaterThan(after);
        if (next.streamId === streamId) seen.push(next.streamVersion);
        after = next.globalPosition;
      }
      expect(seen).toEqual([1, 2, 3, 4]);
    });

    it('lists streams by prefix and verifies an untouched chain', async () => {
      const store = context.store();
      const prefix = uniqueStreamId('list');
      await store.append(`${prefix}-a`, testEvents(3), { expectedVersion: 'no_stream' });
      await store.append(`${prefix}-b`, testEvents(1), { expectedVersion: 'no_stream' });
      expect(await store.listStreams(`${prefix}-`, 10)).toEqual([`${prefix}-a`, `${prefix}-b`]);
      expect(await store.listStreams(`${prefix}-`, 1)).toHaveLength(1);
      const verified = await store.verifyStream(`${prefix}-a`);
      expect(verified).toMatchObject({ streamId: `${prefix}-a`, verified: true, eventsChecked: 3 });
      expect(verified.head?.version).toBe(3);
    });

    it('appends many streams in one bulk call, checking each expected version', async () => {
      const store = context.store();
      const ids = [uniqueStreamId('bulk'), uniqueStreamId('bulk')] as const;
      const results = await store.appendBulk([
        { streamId: ids[0], events: testEvents(150), expectedVersion: 'no_stream' },
        { streamId: ids[1], events: testEvents(2), expectedVersion: 'any' },
      ]);
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([150, 2]);
      expect((await store.verifyStream(ids[0])).verified).toBe(true);
      const conflict = store.appendBulk([
        { streamId: uniqueStreamId('bulk'), events: testEvents(1), expectedVersion: 'no_stream' },
        { streamId: ids[1], events: testEvents(1), expectedVersion: 1 },
      ]);
      expect(await codeOf(conflict)).toBe('CONCURRENCY_CONFLICT');
      expect(await store.streamVersion(ids[1])).toBe(2);
    });
  });
}

function verifyContract(context: ContractContext, tamper: () => Tamper | undefined): void {
  describe('verifying from a checkpoint', () => {
    it('checks only the events after the verified head and returns the new head', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('verify');
      const written = await store.append(streamId, testEvents(4), { expectedVersion: 'no_stream' });
      const full = await store.verifyStream(streamId);
      expect(full.head).toEqual({ version: 4, hash: written.events[3]?.hash });
      const later = await store.append(streamId, testEvents(3, 4), { expectedVersion: 4 });
      const from = full.head;
      const next = await store.verifyStream(streamId, { from });
      expect(next).toEqual({
        streamId,
        verified: true,
        eventsChecked: 3,
        head: { version: 7, hash: later.events[2]?.hash },
      });
      const unchanged = await store.verifyStream(streamId, { from: next.head });
      expect(unchanged).toMatchObject({ verified: true, eventsChecked: 0, head: next.head });
    });

    it('names in one call the streams that ended where their checkpoint is', async () => {
      const store = context.store();
      if (!store.unchangedStreams) return;
      const [same, grown, other] = [uniqueStreamId('v'), uniqueStreamId('v'), uniqueStreamId('v')];
      // Different contents: the chain does not cover the stream id, so equal events chain
      // to equal hashes.
      for (const [index, id] of [same, grown, other].entries()) {
        await store.append(id, testEvents(2, 10 * index), { expectedVersion: 'no_stream' });
      }
      const heads = await Promise.all([same, grown, other].map((id) => store.verifyStream(id)));
      await store.append(grown, testEvents(1, 2), { expectedVersion: 2 });
      const [sameHead, grownHead] = heads.map((result) => result.head);
      if (!sameHead || !grownHead) throw new Error('an intact stream has a verified head');
      const found = await store.unchangedStreams([
        { streamId: same, from: sameHead },
        { streamId: grown, from: grownHead },
        { streamId: other, from: { version: 2, hash: sameHead.hash } },
      ]);
      expect(found).toEqual([same]);
    });

    it('refuses a checkpoint whose hash the stream does not hold', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('verify');
      await store.append(streamId, testEvents(3), { expectedVersion: 'no_stream' });
      const from = { version: 2, hash: 'f'.repeat(64) };
      const result = await store.verifyStream(streamId, { from });
      expect(result).toMatchObject({ verified: false, brokenAt: 2 });
    });

    it('still sees an edited later event and a removed tail', async () => {
      const edits = tamper();
      if (!edits) return;
      const store = context.store();
      const edited = uniqueStreamId('verify');
      const cut = uniqueStreamId('verify');
      await store.append(edited, testEvents(6), { expectedVersion: 'no_stream' });
      await store.append(cut, testEvents(6), { expectedVersion: 'no_stream' });
      const editedHead = (await store.verifyStream(edited, { from: undefined })).head;
      const cutHead = (await store.verifyStream(cut)).head;
      await store.append(edited, testEvents(3, 6), { expectedVersion: 6 });
      const cutLater = await store.append(cut, testEvents(3, 6), { expectedVersion: 6 });
      await edits.editEvent(edited, 8);
      await edits.editEvent(edited, 2);
      await edits.removeTail(cut, 8);
      const fromEdited = await store.verifyStream(edited, { from: editedHead });
      expect(fromEdited).toMatchObject({ verified: false, brokenAt: 8 });
      expect(await store.verifyStream(edited)).toMatchObject({ verified: false, brokenAt: 2 });
      const fromCut = await store.verifyStream(cut, { from: cutHead });
      expect(fromCut.verified).toBe(false);
      const lastHash = cutLater.events[2]?.hash ?? '';
      const atEnd = [{ streamId: cut, from: { version: 9, hash: lastHash } }];
      if (store.unchangedStreams) expect(await store.unchangedStreams(atEnd)).toEqual([]);
      await edits.removeTail(cut, 5);
      expect((await store.verifyStream(cut, { from: cutHead })).verified).toBe(false);
    });
  });
}

function idempotencyContract(context: ContractContext): void {
  describe('idempotency keys', () => {
    it('writes once for a key used twice; the second call gets the first result', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('idem');
      const key = uniqueStreamId('key');
      const first = await store.append(streamId, testEvents(1), {
        expectedVersion: 'no_stream',
        idempotencyKey: key,
      });
      const second = await store.append(streamId, [testEvent(7)], {
        expectedVersion: 'no_stream',
        idempotencyKey: key,
      });
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      expect(second.events.map((e: StoredEvent) => e.eventId)).toEqual(
        first.events.map((e) => e.eventId),
      );
      expect(second.nextExpectedVersion).toBe(first.nextExpectedVersion);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });
  });
}

function schemaEvolutionContract(context: ContractContext): void {
  describe('schema evolution', () => {
    it('reads a stored v1 FundAllocated back as v2 through the upcaster', async () => {
      const store = context.store();
      const streamId = uniqueStreamId('fund');
      const v1 = {
        allocationId: 'a1',
        villageCode: '320826100201',
        amountFen: 400_000,
        allocatedOn: '2024-02-01',
      };
      const event = { ...testEvent(0), type: 'FundAllocated', schemaVersion: 1, data: v1 };
      await store.append(streamId, [event], { expectedVersion: 'no_stream' });
      const [stored] = await store.readStream(streamId);
      if (!stored) throw new Error('the appended event was not read back');
      expect(stored.schemaVersion).toBe(1);
      expect(stored.data).toEqual(v1);
      expect(parseStoredEvent(stored)).toEqual({
        type: 'FundAllocated',
        data: { ...v1, target: { type: 'village', id: '320826100201' } },
      });
    });
  });
}
