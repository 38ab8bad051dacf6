import { basename, dirname } from 'node:path';
import { startTelemetry } from './telemetry';

/**
 * `node --import tsx --import ./libs/platform/src/observability/preload.ts <main>`: starts
 * OpenTelemetry before the entry point loads anything, so the modules the automatic
 * instrumentation patches on load (http, express, pg, ioredis, kafkajs) are patched when the
 * service first requires them. The service is named by OTEL_SERVICE_NAME, else by the entry
 * point (`apps/<service>/src/main.ts`). It imports nothing but the telemetry module.
 */
function serviceName(): string {
  const fromEnv = process.env.OTEL_SERVICE_NAME;
  if (fromEnv) return fromEnv;
  const entry = process.argv[1];
  return entry ? basename(dirname(dirname(entry))) : 'sunshine';
}

startTelemetry(serviceName());
