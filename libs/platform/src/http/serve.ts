import type { INestApplication } from '@nestjs/common';
import { type Config, loadConfig } from '../config/config';
import { createRuntime, type RuntimeOptions } from '../runtime/create-runtime';
import type { Runtime } from '../runtime/runtime';
import { type AppModule, createHttpApp } from './app';

/** How long a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 15_000;

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
  try {
    warnAboutSecret(runtime);
    await options.beforeModules?.(runtime);
    app = await createHttpApp(await options.modules(runtime), runtime);
    options.configureApp?.(app, runtime);
    await app.listen(config.port, options.host ?? '0.0.0.0');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number } | null;
  const baseUrl = `http://localhost:${address?.port ?? config.port}`;
  const listening = app;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const startedAt = Date.now();
      await listening.close();
      runtime.logger.debug({ ms: Date.now() - startedAt }, 'HTTP server closed');
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
  const onSignal = (signal: NodeJS.Signals) => {
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
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** Runs a process entry point; a failure to start is printed and ends the process. */
export function runMain(serviceName: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${serviceName} failed to start: ${text}\n`);
    process.exit(1);
  });
}
