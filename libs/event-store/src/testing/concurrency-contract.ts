import type { CheckpointStore, EventStore, StoredEvent } from '../port';
import { catchUpSubscription, type CatchUpSubscription } from '../subscription';
import { testEvent, uniqueStreamId, waitFor } from './fixtures';

export interface ContractContext {
  store(): EventStore;
  checkpoints(): CheckpointStore;
}

export interface ConcurrencyVolume {
  writers: number;
  eventsPerWriter: number;
}

/** Upper bound for the whole concurrent run, far above what a healthy store needs. */
const CONCURRENT_RUN_TIMEOUT_MS = 200_000;

async function writeStream(store: EventStore, streamId: string, count: number): Promise<void> {
  for (let version = 0; version < count; version += 1) {
    const expectedVersion = version === 0 ? 'no_stream' : version;
    await store.append(streamId, [testEvent(version)], { expectedVersion });
  }
}

function checkDelivery(received: StoredEvent[], streamIds: string[], perStream: number): void {
  const ids = new Set(received.map((e) => e.eventId));
  expect(ids.size).toBe(received.length);
  expect(received).toHaveLength(streamIds.length * perStream);
  const versions = new Map<string, number[]>();
  for (const event of received) {
    const list = versions.get(event.streamId) ?? [];
    list.push(event.streamVersion);
    versions.set(event.streamId, list);
  }
  const expected = Array.from({ length: perStream }, (_, index) => index + 1);
  for (const streamId of streamIds) expect(versions.get(streamId)).toEqual(expected);
}

export function concurrencyContract(context: ContractContext, volume: ConcurrencyVolume): void {
  const total = volume.writers * volume.eventsPerWriter;
  it(
    `delivers ${volume.writers} writers × ${volume.eventsPerWriter} events to a catch-up ` +
      'subscriber exactly once, in stream order, across a stop and resume',
    async () => {
      const store = context.store();
      const prefix = uniqueStreamId('conc');
      const streamIds = Array.from({ length: volume.writers }, (_, i) => `${prefix}-${i}`);
      const name = `${prefix}-subscriber`;
      const received: StoredEvent[] = [];
      const subscribe = (): CatchUpSubscription =>
        catchUpSubscription({
          store,
          checkpoints: context.checkpoints(),
          name,
          batchSize: 250,
          pollIntervalMs: 50,
          handler: async (batch) => {
            received.push(...batch.filter((e) => e.streamId.startsWith(`${prefix}-`)));
          },
        });

      let subscription = subscribe();
      const writing = Promise.all(
        streamIds.map((id) => writeStream(store, id, volume.eventsPerWriter)),
      );
      await waitFor(() => received.length >= total / 2, CONCURRENT_RUN_TIMEOUT_MS);
      await subscription.stop();
      const atStop = received.length;
      subscription = subscribe();
      await writing;
      await waitFor(() => received.length >= total, CONCURRENT_RUN_TIMEOUT_MS);
      await subscription.stop();

      expect(atStop).toBeLessThan(total);
      checkDelivery(received, streamIds, volume.eventsPerWriter);
    },
    CONCURRENT_RUN_TIMEOUT_MS + 30_000,
  );
}
