import { z } from 'zod';
import type { StoredEvent } from '../port';

/** The columns every read selects, in the shape `parseEventRow` expects. */
export const EVENT_COLUMNS = `global_position, event_id, stream_id, stream_version, type,
  schema_version, data, metadata, occurred_on::text AS occurred_on, recorded_at, prev_hash,
  hash, idempotency_key`;

const EventMetadata = z.object({
  actor: z.object({ sub: z.string(), role: z.string() }),
  correlationId: z.string(),
  causationId: z.string(),
  traceparent: z.string().optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

const EventRow = z.object({
  // bigint arrives as a string from pg; positions stay far below 2^53.
  global_position: z.union([z.string(), z.number()]).transform(Number),
  event_id: z.string(),
  stream_id: z.string(),
  stream_version: z.number().int(),
  type: z.string(),
  schema_version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  metadata: EventMetadata,
  occurred_on: z.string(),
  recorded_at: z.union([z.date(), z.string()]),
  prev_hash: z.string(),
  hash: z.string(),
  idempotency_key: z.string().nullable(),
});

export function parseEventRow(row: unknown): StoredEvent {
  const r = EventRow.parse(row);
  const recordedAt = typeof r.recorded_at === 'string' ? new Date(r.recorded_at) : r.recorded_at;
  const event: StoredEvent = {
    eventId: r.event_id,
    type: r.type,
    schemaVersion: r.schema_version,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    globalPosition: r.global_position,
    occurredOn: r.occurred_on,
    recordedAt: recordedAt.toISOString(),
    actor: r.metadata.actor,
    correlationId: r.metadata.correlationId,
    causationId: r.metadata.causationId,
    prevHash: r.prev_hash,
    hash: r.hash,
    data: r.data,
  };
  if (r.idempotency_key !== null) event.idempotencyKey = r.idempotency_key;
  if (r.metadata.traceparent !== undefined) event.traceparent = r.metadata.traceparent;
  return event;
}
