import type { IdempotencyStore } from '../idempotency/port';

/**
 * The behaviour every IdempotencyStore adapter must show; each adapter's integration spec
 * runs it against a real server. `open` returns a new instance over the same backend.
 */
export function idempotencyStoreContract(open: () => Promise<IdempotencyStore>): void {
  let store: IdempotencyStore;
  let counter = 0;
  const freshKey = () => `contract-${Date.now()}-${(counter += 1)}`;

  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('reserves a new key once, then reports it pending with its fingerprint', async () => {
    const key = freshKey();
    expect(await store.reserve(key, 'f1')).toEqual({ outcome: 'reserved' });
    expect(await store.reserve(key, 'f1')).toEqual({
      outcome: 'existing', record: { state: 'pending', fingerprint: 'f1' },
    });
  });

  it('replays the stored response to a later request', async () => {
    const key = freshKey();
    await store.reserve(key, 'f1');
    await store.complete(key, { status: 201, body: { id: 'fund-1', version: 1 } });
    expect(await store.reserve(key, 'f1')).toEqual({
      outcome: 'existing',
      record: { state: 'done', fingerprint: 'f1', response: { status: 201,
        body: { id: 'fund-1', version: 1 } } },
    });
  });

  it('reports the first fingerprint to a request with another body', async () => {
    const key = freshKey();
    await store.reserve(key, 'f1');
    await store.complete(key, { status: 201, body: { id: 'a' } });
    const outcome = await store.reserve(key, 'f2');
    expect(outcome.outcome === 'existing' && outcome.record.fingerprint).toBe('f1');
  });

  it('lets exactly one of 10 concurrent reservations win', async () => {
    const key = freshKey();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store.reserve(key, 'f1')),
    );
    expect(outcomes.filter((o) => o.outcome === 'reserved')).toHaveLength(1);
  });

  it('frees a released pending key but never a completed one', async () => {
    const pending = freshKey();
    await store.reserve(pending, 'f1');
    await store.release(pending);
    expect(await store.reserve(pending, 'f2')).toEqual({ outcome: 'reserved' });
    const done = freshKey();
    await store.reserve(done, 'f1');
    await store.complete(done, { status: 200, body: null });
    await store.release(done);
    expect((await store.reserve(done, 'f1')).outcome).toBe('existing');
  });

  it('keeps responses across a new store instance', async () => {
    const key = freshKey();
    await store.reserve(key, 'f1');
    await store.complete(key, { status: 201, body: { id: 'kept' } });
    const other = await open();
    try {
      const outcome = await other.reserve(key, 'f1');
      expect(outcome).toMatchObject({
        record: { state: 'done', response: { body: { id: 'kept' } } },
      });
    } finally {
      await other.close();
    }
  });

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
