import {
  getPostgreSQLEventStore,
  type PostgresEventStore as EmmettStore,
} from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import type { NewEvent } from '@sunshine/event-store';
import { STREAM_CHUNK_EVENTS_MAX, type GeneratedCounty } from '@sunshine/testing';
import { byWriter, type CommandEvent } from './dataset';
import { forEachConcurrent, throughput, type Throughput } from './measure';

/**
 * The same measures through @event-driven-io/emmett-postgresql. Emmett appends to one stream
 * per call, so its bulk import groups a window of generated events by stream and appends each
 * group (at most 500 events) in one call, with a few calls in flight.
 */

export const EMMETT_WINDOW_EVENTS = 20_000;

interface EmmettEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** The same payload and metadata as ours; emmett assigns its own message ids. */
function toEmmett(event: NewEvent): EmmettEvent {
  const { type, data, schemaVersion, occurredOn, actor, correlationId, causationId } = event;
  return { type, data, metadata: { schemaVersion, occurredOn, actor, correlationId,
    causationId } };
}

export function connectEmmett(url: string): EmmettStore {
  return getPostgreSQLEventStore(url);
}

async function appendWindow(
  store: EmmettStore, window: Map<string, EmmettEvent[]>, versions: Map<string, bigint>,
  concurrency: number,
): Promise<void> {
  const groups: { streamId: string; events: EmmettEvent[] }[] = [];
  for (const [streamId, events] of window) {
    for (let from = 0; from < events.length; from += STREAM_CHUNK_EVENTS_MAX) {
      groups.push({ streamId, events: events.slice(from, from + STREAM_CHUNK_EVENTS_MAX) });
    }
  }
  // Chunks of one stream must go in order, so a stream's chunks run on one worker.
  const byStream = new Map<string, EmmettEvent[][]>();
  for (const g of groups) byStream.set(g.streamId, [...(byStream.get(g.streamId) ?? []), g.events]);
  await forEachConcurrent([...byStream], concurrency, async ([streamId, chunks]) => {
    for (const events of chunks) {
      const version = versions.get(streamId);
      const result = await store.appendToStream(streamId, events, {
        expectedStreamVersion: version === undefined ? STREAM_DOES_NOT_EXIST : version,
      });
      versions.set(streamId, result.nextExpectedStreamVersion);
    }
  });
}

export async function emmettBulkAppend(
  store: EmmettStore, county: GeneratedCounty, concurrency: number,
): Promise<{ result: Throughput; streamIds: string[] }> {
  const versions = new Map<string, bigint>();
  let window = new Map<string, EmmettEvent[]>();
  let windowEvents = 0;
  let events = 0;
  let elapsedMs = 0;
  const flush = async (): Promise<void> => {
    const started = performance.now();
    await appendWindow(store, window, versions, concurrency);
    elapsedMs += performance.now() - started;
    window = new Map();
    windowEvents = 0;
  };
  for (const stream of county) {
    const list = window.get(stream.streamId) ?? [];
    for (const event of stream.events) list.push(toEmmett(event));
    window.set(stream.streamId, list);
    windowEvents += stream.events.length;
    events += stream.events.length;
    if (windowEvents >= EMMETT_WINDOW_EVENTS) await flush();
  }
  if (windowEvents > 0) await flush();
  return { result: throughput(events, elapsedMs), streamIds: [...versions.keys()] };
}

export async function emmettCommandAppend(
  store: EmmettStore, commands: CommandEvent[], writers: number,
): Promise<Throughput> {
  const queues = byWriter(commands, writers);
  const started = performance.now();
  await Promise.all(queues.map(async (queue) => {
    const versions = new Map<string, bigint>();
    for (const { streamId, event } of queue) {
      const version = versions.get(streamId);
      const result = await store.appendToStream(streamId, [toEmmett(event)], {
        expectedStreamVersion: version === undefined ? STREAM_DOES_NOT_EXIST : version,
      });
      versions.set(streamId, result.nextExpectedStreamVersion);
    }
  }));
  return throughput(commands.length, performance.now() - started);
}

export async function emmettReadStreams(
  store: EmmettStore, streamIds: string[], concurrency: number,
): Promise<Throughput> {
  let events = 0;
  const started = performance.now();
  await forEachConcurrent(streamIds, concurrency, async (streamId) => {
    const result = await store.readStream(streamId);
    events += result.events.length;
  });
  return throughput(events, performance.now() - started);
}
