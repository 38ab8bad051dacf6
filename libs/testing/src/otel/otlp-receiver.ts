import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** An OTLP/HTTP receiver in the test process: it keeps the spans POSTed as JSON to /v1/traces. */

const anyValue = z.object({
  stringValue: z.string().optional(),
  intValue: z.union([z.string(), z.number()]).optional(),
}).passthrough();
const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number().optional(),
  attributes: z.array(z.object({ key: z.string(), value: anyValue })).optional(),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string() })).optional(),
});
const exportSchema = z.object({
  resourceSpans: z.array(z.object({
    resource: z.object({
      attributes: z.array(z.object({ key: z.string(), value: anyValue })).optional(),
    }).optional(),
    scopeSpans: z.array(z.object({
      scope: z.object({ name: z.string() }).optional(),
      spans: z.array(spanSchema),
    })),
  })),
});

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  scope: string;
  service: string;
  attributes: Record<string, string>;
  /** Spans of other traces this one continues (a Kafka batch links to each producer). */
  links: { traceId: string; spanId: string }[];
}

export interface OtlpReceiver {
  endpoint: string;
  spans: ReceivedSpan[];
  stop(): Promise<void>;
}

const BODY_BYTES_MAX = 16 * 1024 * 1024;

function flatten(attributes: z.infer<typeof spanSchema>['attributes']): Record<string, string> {
  return Object.fromEntries(
    (attributes ?? []).map(({ key, value }) => [key, String(value.stringValue ?? value.intValue)]),
  );
}

function accept(body: string, spans: ReceivedSpan[]): void {
  for (const resourceSpans of exportSchema.parse(JSON.parse(body)).resourceSpans) {
    const service = flatten(resourceSpans.resource?.attributes)['service.name'] ?? '';
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) {
        spans.push({
          traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined,
          name: span.name, scope: scopeSpans.scope?.name ?? '', service,
          attributes: flatten(span.attributes), links: span.links ?? [],
        });
      }
    }
  }
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= BODY_BYTES_MAX) chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        if (request.url !== '/v1/traces') throw new Error(`unexpected path ${request.url}`);
        accept(Buffer.concat(chunks).toString('utf8'), spans);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
