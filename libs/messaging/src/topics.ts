import { isEventType, parseStoredEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import { z } from 'zod';

/**
 * The Kafka message contract (SPEC §8): one topic per stream category, key = streamId so a
 * stream's events share a partition and keep their order, value = the stored event with its
 * metadata as JSON, headers for routing and tracing without parsing the value.
 */

export const TOPICS = {
  fund: 'sunshine.funds.v1',
  household: 'sunshine.households.v1',
  project: 'sunshine.projects.v1',
  alert: 'sunshine.alerts.v1',
  region: 'sunshine.regions.v1',
  // Public reports (SPEC §12); consumed by the alert service, which raises PUBLIC_REPORT.
  report: 'sunshine.reports.v1',
  // Helpers (SPEC §13) are their own stream family with a topic of their own, so that the
  // household topic keeps carrying household streams only; a helper's assignments and
  // visits are household events and travel with the household.
  helper: 'sunshine.helpers.v1',
} as const;

export type StreamCategory = keyof typeof TOPICS;
export type Topic = (typeof TOPICS)[StreamCategory];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export const HEADER_EVENT_TYPE = 'event-type';
export const HEADER_SCHEMA_VERSION = 'schema-version';
export const HEADER_TRACEPARENT = 'traceparent';
/** The global position the relay sent before this event, in its one publishing order. */
export const HEADER_PREVIOUS_POSITION = 'previous-position';

/** Kafka's default message.max.bytes is ~1 MB; events are far smaller, so cap them well below. */
export const MESSAGE_VALUE_BYTES_MAX = 512 * 1024;

const CATEGORIES = Object.keys(TOPICS) as StreamCategory[];

/** The category of a stream id such as `fund-F1`; throws for a stream no topic carries. */
export function streamCategory(streamId: string): StreamCategory {
  const dash = streamId.indexOf('-');
  const prefix = dash > 0 ? streamId.slice(0, dash) : '';
  const category = CATEGORIES.find((candidate) => candidate === prefix);
  if (!category) throw new Error(`no Kafka topic for stream "${streamId}"`);
  return category;
}

export function topicForStream(streamId: string): Topic {
  return TOPICS[streamCategory(streamId)];
}

export interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * `traceparent`, when given, is the publish span: the header names it and the consumer's
 * span continues it; the event's own traceparent (its command) stays in the value.
 */
export function toKafkaMessage(
  event: StoredEvent,
  traceparent?: string,
  previousPosition?: number,
): OutgoingMessage {
  const headers: Record<string, string> = {
    [HEADER_EVENT_TYPE]: event.type,
    [HEADER_SCHEMA_VERSION]: String(event.schemaVersion),
  };
  if (previousPosition !== undefined) headers[HEADER_PREVIOUS_POSITION] = String(previousPosition);
  const parent = traceparent ?? event.traceparent;
  if (parent) headers[HEADER_TRACEPARENT] = parent;
  const value = JSON.stringify(event);
  if (Buffer.byteLength(value) > MESSAGE_VALUE_BYTES_MAX) {
    throw new Error(`event ${event.eventId} exceeds ${MESSAGE_VALUE_BYTES_MAX} bytes`);
  }
  return { key: event.streamId, value, headers };
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * Validates the envelope; `data` stays a record here and is parsed by its consumer's schema.
 * Unknown envelope fields are dropped rather than refused (tolerant reader), so a newer relay
 * can add metadata without stopping older consumers.
 */
export const storedEventSchema = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  streamId: z.string().min(1),
  streamVersion: z.number().int().positive(),
  globalPosition: z.number().int().nonnegative(),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recordedAt: z.string().min(1),
  actor: z.object({ sub: z.string(), role: z.string() }),
  correlationId: z.string(),
  causationId: z.string(),
  idempotencyKey: z.string().optional(),
  traceparent: z.string().optional(),
  prevHash: sha256Hex,
  hash: sha256Hex,
  data: z.record(z.string(), z.unknown()),
});

/** What a received Kafka message looks like, whichever client produced it. */
export interface IncomingMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/**
 * Parses a message back into a StoredEvent, checking that key and headers agree with the
 * value, so a message that was mangled or produced by something else is refused loudly.
 */
export function parseKafkaMessage(message: IncomingMessage): StoredEvent {
  if (message.value === null) throw new InvalidMessageError('message has no value');
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString());
  } catch (error) {
    throw new InvalidMessageError(`message value is not JSON: ${String(error)}`);
  }
  const parsed = storedEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidMessageError(`message value is not a stored event: ${parsed.error.message}`);
  }
  const event: StoredEvent = parsed.data;
  const key = message.key === null ? null : message.key.toString();
  if (key !== event.streamId) {
    throw new InvalidMessageError(`message key ${String(key)} is not stream ${event.streamId}`);
  }
  const type = headerValue(message.headers, HEADER_EVENT_TYPE);
  if (type !== undefined && type !== event.type) {
    throw new InvalidMessageError(`header ${HEADER_EVENT_TYPE} ${type} is not ${event.type}`);
  }
  assertValidData(event);
  const previous = Number(headerValue(message.headers, HEADER_PREVIOUS_POSITION) ?? Number.NaN);
  if (Number.isSafeInteger(previous) && previous >= 0 && previous < event.globalPosition) {
    event.relayedAfter = previous;
  }
  return event;
}

/**
 * Kafka is the edge between services: the data of a known event type must pass its schema
 * here, so consumers can read events without validating them again. Unknown types pass
 * untouched (a newer producer); their consumers skip them.
 */
function assertValidData(event: StoredEvent): void {
  if (!isEventType(event.type)) return;
  try {
    parseStoredEvent(event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidMessageError(`message data is not a valid ${event.type}: ${reason}`);
  }
}

export function headerValue(
  headers: IncomingMessage['headers'],
  name: string,
): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}
