import { createRequire } from 'node:module';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { api, NodeSDK, tracing } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry for one process. The SDK always runs, so that a W3C `traceparent` travels in
 * event metadata and Kafka headers (SPEC §2); spans are recorded and leave the process only
 * when OTEL_EXPORTER_OTLP_ENDPOINT names a collector. Without one, the sampler records
 * nothing: the context still propagates (non-recording spans keep trace and span ids), at
 * almost no cost per request.
 *
 * Automatic instrumentation patches modules as they are loaded: the entry points start it
 * from a preload (`preload.ts`, `node --import`), before any instrumented module loads.
 * Metrics have one path, Prometheus `/metrics`: the SDK gets no metric reader.
 */

export interface Telemetry {
  exporting: boolean;
  shutdown(): Promise<void>;
}

/**
 * The running SDK, kept on the global object: the preload loads this module as an ES module
 * import and the service later requires it, and the two may be separate module instances.
 */
const RUNNING = Symbol.for('sunshine.telemetry');
const slot = globalThis as { [RUNNING]?: Telemetry };

/**
 * Core modules loaded before the SDK started (the platform imports Nest and express) are
 * patched when they are required again: the patch changes the shared module object and
 * the server prototypes, so servers created later still produce spans.
 */
const CORE_MODULES_TO_PATCH = ['node:http', 'node:https'];

/**
 * What a process that exports nothing keeps (OTEL_NODE_ENABLED_INSTRUMENTATIONS): the HTTP
 * server's context and the trace ids pino writes into each log line.
 */
export const LOCAL_INSTRUMENTATIONS = 'http,pino';

function rerequireCoreModules(): void {
  const load = createRequire(__filename);
  for (const name of CORE_MODULES_TO_PATCH) load(name);
}

/**
 * Keeps spans inside the process. The SDK registers a tracer provider only when it has a
 * span processor, and without one no span would carry a trace id to propagate.
 */
const localOnly: tracing.SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

export function startTelemetry(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): Telemetry {
  const running = slot[RUNNING];
  if (running) return running;
  const exporting = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (!exporting && !process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS) {
    // With nowhere to send spans, only the HTTP server's context is needed (the trace id a
    // command's events and log lines carry) and pino's log correlation. Express, router, pg, ioredis and kafkajs spans
    // that nobody records took about a fifth of a payment command's CPU in a profile.
    process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS = LOCAL_INSTRUMENTATIONS;
  }
  const instrumentations = [
    getNodeAutoInstrumentations({
      // File-system and DNS spans would drown the ones that tell a command's story.
      '@opentelemetry/instrumentation-fs': { enabled: false },
      '@opentelemetry/instrumentation-dns': { enabled: false },
      '@opentelemetry/instrumentation-net': { enabled: false },
    }),
  ];
  // Without span processors the SDK configures the OTLP trace exporter from the OTEL_*
  // variables; with no collector named, the local processor keeps it from exporting (and
  // from waiting on shutdown). Empty metric readers keep metrics on Prometheus alone.
  const sdk = new NodeSDK({
    serviceName,
    instrumentations,
    metricReaders: [],
    logRecordProcessors: [],
    ...(exporting
      ? {}
      : { spanProcessors: [localOnly], sampler: new tracing.AlwaysOffSampler() }),
  });
  sdk.start();
  rerequireCoreModules();
  const telemetry: Telemetry = {
    exporting,
    shutdown: async () => {
      slot[RUNNING] = undefined;
      await sdk.shutdown();
    },
  };
  slot[RUNNING] = telemetry;
  return telemetry;
}

/** The active span as a W3C `traceparent` header value, for event metadata. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `fn` as a continuation of the trace named by `traceparent` (a consumer's side). */
export function withTraceparent<T>(traceparent: string | undefined, fn: () => T): T {
  if (!traceparent) return fn();
  const parent = api.propagation.extract(api.context.active(), { traceparent });
  return api.context.with(parent, fn);
}

/** Runs `fn` inside a new span named `name`, ending it when `fn` settles. */
export async function inSpan<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const tracer = api.trace.getTracer('sunshine');
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: api.SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
