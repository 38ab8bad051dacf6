import { DomainError } from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import { runInStreamQueue, STREAM_QUEUE_LENGTH_MAX } from './stream-queue';

/** The queue only keys on the store's identity; nothing is read from it. */
const newStore = (): EventStore => ({}) as EventStore;

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('runInStreamQueue', () => {
  it('runs commands on one stream one at a time, in arrival order', async () => {
    const store = newStore();
    const order: number[] = [];
    let running = 0;
    let runningMax = 0;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runInStreamQueue(store, 'fund-a', async () => {
          running += 1;
          runningMax = Math.max(runningMax, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          order.push(i);
          running -= 1;
        }),
      ),
    );
    expect(runningMax).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('lets different streams run side by side', async () => {
    const store = newStore();
    const first = gate();
    const blocked = runInStreamQueue(store, 'fund-a', () => first.opened);
    // fund-b completes although fund-a has not finished.
    await expect(runInStreamQueue(store, 'fund-b', async () => 'b')).resolves.toBe('b');
    first.open();
    await blocked;
  });

  it('releases the stream when a command fails', async () => {
    const store = newStore();
    const failing = runInStreamQueue(store, 'fund-a', async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    await expect(runInStreamQueue(store, 'fund-a', async () => 'next')).resolves.toBe('next');
  });

  it(`refuses a command beyond ${STREAM_QUEUE_LENGTH_MAX} waiting with a conflict`, async () => {
    const store = newStore();
    const hold = gate();
    const queued = Array.from({ length: STREAM_QUEUE_LENGTH_MAX }, () =>
      runInStreamQueue(store, 'fund-a', () => hold.opened),
    );
    const refused = runInStreamQueue(store, 'fund-a', async () => 'never');
    await expect(refused).rejects.toEqual(expect.any(DomainError));
    await expect(refused).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    hold.open();
    await Promise.all(queued);
    await expect(runInStreamQueue(store, 'fund-a', async () => 'again')).resolves.toBe('again');
  });
});
