import {
  SpanStatusCode,
  context,
  isSpanContextValid,
  trace,
  type Link,
  type SpanContext,
  type SpanKind,
} from '@opentelemetry/api';
import type { StoredEvent } from '@sunshine/event-store';

/**
 * Continues the trace of a command across the bus (SPEC §2): the relay's publish span has the
 * first event's command as parent and links the others; the relay writes its own span into
 * the Kafka headers, and a Kafka consumer's processing span continues it. In one process
 * (the in-process feed) the processing span continues the command directly.
 * Without a registered OpenTelemetry SDK these calls do nothing.
 */

export const TRACER_NAME = 'sunshine-messaging';
/** Links per span: a batch of 500 events from 500 commands should not make a 500-link span. */
export const TRACE_LINKS_MAX = 32;

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Parses a W3C traceparent here rather than through the global propagator, so the trace
 * continues whichever propagators the process registered.
 */
export function spanContextOf(traceparent: string): SpanContext | undefined {
  const match = TRACEPARENT.exec(traceparent);
  if (!match) return undefined;
  const spanContext: SpanContext = {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: Number.parseInt(match[3]!, 16),
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The active span as a W3C traceparent, or undefined when there is none. */
export function activeTraceparent(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * A span over a batch of events. Its parent is the first of `parents` (W3C traceparents),
 * by default the events' own: the command that wrote them. A Kafka consumer passes the
 * traceparents of the message headers instead, so its span continues the publish span.
 */
export async function inEventsSpan<T>(
  name: string,
  kind: SpanKind,
  events: StoredEvent[],
  attributes: Record<string, string | number>,
  fn: () => Promise<T>,
  parents: string[] = events.flatMap((event) => event.traceparent ?? []),
): Promise<T> {
  const traceparents = [...new Set(parents)];
  const spanContexts = traceparents.flatMap((value) => spanContextOf(value) ?? []);
  const [first, ...others] = spanContexts;
  const parent = first ? trace.setSpanContext(context.active(), first) : context.active();
  const linked = others.slice(0, TRACE_LINKS_MAX);
  const links: Link[] = linked.map((other) => ({ context: other }));
  const tracer = trace.getTracer(TRACER_NAME);
  const options = { kind, attributes: { ...attributes,
    'messaging.batch.message_count': events.length } };
  const span = tracer.startSpan(name, { ...options, links }, parent);
  // A batch gathers the events of several commands: every command's trace gets a span of
  // its own for the same work, linked to the batch's span, not only a link from it.
  const siblings = linked.map((other) => tracer.startSpan(name,
    { ...options, links: [{ context: span.spanContext() }] },
    trace.setSpanContext(context.active(), other)));
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (error) {
    for (const each of [span, ...siblings]) {
      each.recordException(error instanceof Error ? error : String(error));
      each.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    for (const each of [span, ...siblings]) each.end();
  }
}
