import { createHash } from 'node:crypto';
import type { AllStreamRecordedEvent, RecordedEvent } from '@kurrent/kurrentdb-client';
import { z } from 'zod';
import type { StoredEvent } from '../port';

/**
 * How Sunshine events sit in EventStoreDB/KurrentDB: the data is the event's JSON data; the
 * metadata carries everything else of SPEC §4 (schema version, business date, actor, ids,
 * hash chain). Stream version = revision + 1; the global position is the commit position.
 */

export const EsdbMetadata = z.object({
  schemaVersion: z.number().int(),
  occurredOn: z.string(),
  recordedAt: z.string(),
  actor: z.object({ sub: z.string(), role: z.string() }),
  correlationId: z.string(),
  causationId: z.string(),
  traceparent: z.string().optional(),
  idempotencyKey: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});
export type EsdbMetadata = z.infer<typeof EsdbMetadata>;

const EventData = z.record(z.string(), z.unknown());

/** A name-based UUID (version 5 layout, SHA-1) so a retried append reuses its event ids. */
export function deterministicUuid(name: string): string {
  const bytes = createHash('sha1').update('sunshine-event-id:').update(name).digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `${groups.join('-')}-${hex.slice(20, 32)}`;
}

export const idempotentEventId = (key: string, index: number): string =>
  deterministicUuid(`${key}#${index}`);

/** What some servers put in the position of an event read from a single stream. */
const NO_POSITION = 2n ** 64n - 1n;

/**
 * The commit position in `$all`. Appends over gRPC are implicit transactions, in which every
 * event gets its own commit position (equal to its prepare position), so the number is unique,
 * grows in `$all` order, and `{ commit: p, prepare: p }` resumes a read right after it: a
 * relay checkpoint. Some servers answer a read of a single stream with no position or with
 * 2^64 - 1 for "none", left as it was read; a real position past 2^53 would lose digits here.
 */
function globalPositionOf(recorded: RecordedEvent | AllStreamRecordedEvent): number {
  const commit = recorded.position?.commit ?? 0n;
  if (commit > BigInt(Number.MAX_SAFE_INTEGER) && commit !== NO_POSITION) {
    throw new Error(`event ${recorded.id}: commit position ${commit} exceeds 2^53`);
  }
  return Number(commit);
}

export function toStoredEvent(recorded: RecordedEvent | AllStreamRecordedEvent): StoredEvent {
  if (!recorded.isJson) throw new Error(`event ${recorded.id} is not JSON`);
  const metadata = EsdbMetadata.parse(recorded.metadata);
  const stored: StoredEvent = {
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion: metadata.schemaVersion,
    streamId: recorded.streamId,
    streamVersion: Number(recorded.revision) + 1,
    globalPosition: globalPositionOf(recorded),
    occurredOn: metadata.occurredOn,
    recordedAt: metadata.recordedAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    prevHash: metadata.prevHash,
    hash: metadata.hash,
    data: EventData.parse(recorded.data),
  };
  if (metadata.traceparent !== undefined) stored.traceparent = metadata.traceparent;
  if (metadata.idempotencyKey !== undefined) stored.idempotencyKey = metadata.idempotencyKey;
  return stored;
}
