import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import type { StoredEvent } from '@sunshine/event-store';
import { groupByTopic } from './relay/relay';
import { HEADER_TRACEPARENT } from './topics';
import { TRACE_LINKS_MAX, activeTraceparent, inEventsSpan, spanContextOf } from './tracing';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({
  spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
});

beforeAll(() => {
  // As the Node SDK does: the tracer provider, and a context manager that lets the active
  // span follow async calls.
  provider.register();
});

afterAll(async () => {
  context.disable();
  trace.disable();
  propagation.disable();
  await provider.shutdown();
});

beforeEach(() => exporter.reset());

const traceId = (n: number) => n.toString(16).padStart(32, '0');
const spanId = (n: number) => n.toString(16).padStart(16, '0');
const traceparent = (n: number) => `00-${traceId(n)}-${spanId(n)}-01`;

function event(n: number, withTrace = true): StoredEvent {
  return {
    eventId: `e${n}`,
    type: 'FundReceived',
    schemaVersion: 1,
    streamId: `fund-${n}`,
    streamVersion: 1,
    globalPosition: n,
    occurredOn: '2024-01-01',
    recordedAt: '2024-01-01T00:00:00Z',
    actor: { sub: 'u', role: 'finance' },
    correlationId: 'c',
    causationId: 'c',
    traceparent: withTrace ? traceparent(n) : undefined,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    data: {},
  };
}

describe('a span over a batch of events', () => {
  it('continues the first event trace and links the others', async () => {
    const result = await inEventsSpan('t process', SpanKind.CONSUMER, [event(1), event(2),
      event(3, false), event(1)], {}, async () => 'done');
    expect(result).toBe('done');
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(traceId(1));
    expect(span?.parentSpanContext?.spanId).toBe(spanId(1));
    expect(span?.links.map((link) => link.context.traceId)).toEqual([traceId(2)]);
    expect(span?.attributes['messaging.batch.message_count']).toBe(4);
  });

  it('keeps at most TRACE_LINKS_MAX links', async () => {
    const events = Array.from({ length: TRACE_LINKS_MAX + 10 }, (_, i) => event(i + 1));
    await inEventsSpan('t process', SpanKind.CONSUMER, events, {}, async () => undefined);
    expect(exporter.getFinishedSpans()[0]?.links).toHaveLength(TRACE_LINKS_MAX);
  });

  it('records a failure and rethrows it', async () => {
    await expect(
      inEventsSpan('t process', SpanKind.CONSUMER, [event(1)], {}, async () => {
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('across Kafka', () => {
  it('the relay writes its publish span into the headers; the consumer continues it', async () => {
    const events = [event(1), event(2)];
    const sent = await inEventsSpan('relay publish', SpanKind.PRODUCER, events, {}, async () =>
      groupByTopic(events, activeTraceparent()));
    const [publish] = exporter.getFinishedSpans();
    const headers = sent.flatMap((group) =>
      group.messages.map((message) => String(message.headers?.[HEADER_TRACEPARENT])));
    const published = `00-${traceId(1)}-${publish!.spanContext().spanId}-01`;
    expect(headers).toEqual([published, published]);

    exporter.reset();
    await inEventsSpan('topic process', SpanKind.CONSUMER, events, {}, async () => undefined,
      headers);
    const [consume] = exporter.getFinishedSpans();
    expect(consume?.spanContext().traceId).toBe(traceId(1));
    expect(consume?.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
  });

  it('without an active span the headers keep each event\'s own traceparent', () => {
    expect(activeTraceparent()).toBeUndefined();
    const [group] = groupByTopic([event(3)], activeTraceparent());
    expect(group?.messages[0]?.headers?.[HEADER_TRACEPARENT]).toBe(traceparent(3));
  });
});

describe('spanContextOf', () => {
  it('reads a W3C traceparent as a remote span context', () => {
    expect(spanContextOf(traceparent(7))).toEqual({
      traceId: traceId(7),
      spanId: spanId(7),
      traceFlags: 1,
      isRemote: true,
    });
  });

  it.each(['', 'garbage', `01-${traceId(1)}-${spanId(1)}-01`, `00-${traceId(0)}-${spanId(1)}-01`,
    `00-${traceId(1).toUpperCase()}x-${spanId(1)}-01`])('refuses "%s"', (value) => {
    expect(spanContextOf(value)).toBeUndefined();
  });
});
