import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { EmbeddedBinariesMissingError } from '@sunshine/event-store';
import { type Config, ConfigError, loadConfig } from '../config/config';
import { createRuntime, type RuntimeOptions } from '../runtime/create-runtime';
import type { Runtime } from '../runtime/runtime';
import { type AppModule, createHttpApp } from './app';
import { InFlightRequests, SHUTDOWN_DRAIN_MS } from './in-flight';

/**
 * How long a graceful shutdown may take before the process exits anyway (with code 1): the
 * drain time, then the time to stop workers, close pools and the embedded server.
 */
export const SHUTDOWN_GRACE_MS = SHUTDOWN_DRAIN_MS + 15_000;

export interface ServeOptions {
  serviceName: string;
  modules: (runtime: Runtime) => AppModule[] | Promise<AppModule[]>;
  env?: Record<string, string | undefined>;
  runtimeOptions?: Omit<RuntimeOptions, 'serviceName'>;
  /** Host to bind; all interfaces by default, so a container port can be published. */
  host?: string;
  /** Runs after the runtime exists and before any module starts (seeding an empty store). */
  beforeModules?: (runtime: Runtime) => Promise<void>;
  /** Adds middleware before the routes are mounted (e.g. static files). */
  configureApp?: (app: INestApplication, runtime: Runtime) => void;
  /** Runs once the app listens (printing URLs, starting workers). */
  afterListen?: (runtime: Runtime, baseUrl: string) => Promise<void>;
  /** Installs SIGINT/SIGTERM handlers that close everything (default true). */
  handleSignals?: boolean;
}

export interface Served {
  app: INestApplication;
  runtime: Runtime;
  config: Config;
  baseUrl: string;
  close(): Promise<void>;
}

function warnAboutSecret(runtime: Runtime): void {
  if (runtime.config.jwtSecretIsDevDefault) {
    runtime.logger.warn(
      'SUNSHINE_JWT_SECRET is not set: using the development secret; never do this in production',
    );
  }
}

/** Builds the runtime from the environment and serves the modules on PORT. */
export async function serve(options: ServeOptions): Promise<Served> {
  const config = loadConfig(options.env ?? process.env);
  const runtime = await createRuntime(config, {
    ...options.runtimeOptions,
    serviceName: options.serviceName,
  });
  let app: INestApplication | undefined;
  const inFlight = new InFlightRequests();
  try {
    warnAboutSecret(runtime);
    await options.beforeModules?.(runtime);
    app = await createHttpApp(await options.modules(runtime), runtime, inFlight);
    options.configureApp?.(app, runtime);
    await app.listen(config.port, options.host ?? config.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number } | null;
  const baseUrl = `http://localhost:${address?.port ?? config.port}`;
  const listening = app;
  let closing: Promise<void> | undefined;
  // HTTP first, so that no request still reads a pool; then the modules' hooks and workers;
  // the pools and the embedded server last (runtime.close).
  const close = () => {
    closing ??= (async () => {
      const startedAt = Date.now();
      const server = listening.getHttpServer() as Server;
      const cut = await inFlight.drain(server, SHUTDOWN_DRAIN_MS);
      if (cut > 0) runtime.logger.warn({ requests: cut }, 'drain time over: requests cut');
      runtime.logger.info({ ms: Date.now() - startedAt }, 'HTTP server drained');
      await listening.close();
      await runtime.close();
    })();
    return closing;
  };
  if (options.handleSignals ?? true) installSignalHandlers(runtime, close);
  runtime.logger.info({ baseUrl, eventStore: config.eventStore, bus: config.bus }, 'listening');
  await options.afterListen?.(runtime, baseUrl);
  return { app: listening, runtime, config, baseUrl, close };
}

function installSignalHandlers(runtime: Runtime, close: () => Promise<void>): void {
  let stopping = false;
  // A repeated signal (a second Ctrl-C, a supervisor or `tsx` relaying SIGTERM again) must
  // not find the process without a handler, which would end it at once with 128 + signal.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      runtime.logger.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    timer.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * A failure to start as printed: one line for a configuration the operator must fix (the
 * message says how), the stack for anything else, which is a bug.
 */
export function startFailureText(serviceName: string, error: unknown): string {
  const known = error instanceof ConfigError || error instanceof EmbeddedBinariesMissingError;
  const text = error instanceof Error ? (known ? error.message : (error.stack ?? error.message))
    : String(error);
  return `${serviceName} failed to start: ${text}\n`;
}

/** Runs a process entry point; a failure to start is printed and ends the process. */
export function runMain(serviceName: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(startFailureText(serviceName, error));
    process.exit(1);
  });
}
