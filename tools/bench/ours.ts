import { PostgresEventStore, READ_BATCH_MAX } from '@sunshine/event-store';
import { bulkBatches, type GeneratedCounty } from '@sunshine/testing';
import { byWriter, type CommandEvent } from './dataset';
import { forEachConcurrent, throughput, type Throughput } from './measure';

/** Append and read measures on the project's PostgreSQL event store. */

export async function bulkAppend(
  store: PostgresEventStore, county: GeneratedCounty, batchEvents: number,
): Promise<{ result: Throughput; streamIds: string[] }> {
  const streamIds = new Set<string>();
  let events = 0;
  let elapsedMs = 0;
  // Generating events is not appending them: only the appendBulk calls are timed.
  for (const batch of bulkBatches(county, batchEvents)) {
    const started = performance.now();
    await store.appendBulk(batch);
    elapsedMs += performance.now() - started;
    for (const item of batch) {
      streamIds.add(item.streamId);
      events += item.events.length;
    }
  }
  return { result: throughput(events, elapsedMs), streamIds: [...streamIds] };
}

export async function commandAppend(
  store: PostgresEventStore, commands: CommandEvent[], writers: number,
): Promise<Throughput> {
  const queues = byWriter(commands, writers);
  const started = performance.now();
  await Promise.all(queues.map(async (queue) => {
    const versions = new Map<string, number>();
    for (const { streamId, event } of queue) {
      const version = versions.get(streamId) ?? 0;
      const result = await store.append(streamId, [event], {
        expectedVersion: version === 0 ? 'no_stream' : version,
      });
      versions.set(streamId, result.nextExpectedVersion);
    }
  }));
  return throughput(commands.length, performance.now() - started);
}

export async function readStreams(
  store: PostgresEventStore, streamIds: string[], concurrency: number,
): Promise<Throughput> {
  let events = 0;
  const started = performance.now();
  await forEachConcurrent(streamIds, concurrency, async (streamId) => {
    for (let fromVersion = 1; ; fromVersion += READ_BATCH_MAX) {
      const page = await store.readStream(streamId, { fromVersion, maxCount: READ_BATCH_MAX });
      events += page.length;
      if (page.length < READ_BATCH_MAX) break;
    }
  });
  return throughput(events, performance.now() - started);
}
