import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { Principal, Role, Runtime } from '@sunshine/platform';
import { startTestPostgres } from '@sunshine/test-backends';

/**
 * Boots service modules in one Nest app on an ephemeral port against a fresh event store,
 * for HTTP tests of any service: `embedded` uses a temporary SUNSHINE_DATA_DIR, `postgres`
 * a fresh database on a real server (`startTestPostgres`).
 */

export const TEST_APP_STORES = ['embedded', 'postgres'] as const;
export type TestAppStore = (typeof TEST_APP_STORES)[number];

/**
 * Booting an app (an embedded PostgreSQL or a fresh database, migrations, Nest) takes seconds on
 * a shared 2-core machine; tests that race many requests take longer still. Jest applies no
 * per-tier timeout to hooks, so HTTP specs pass these explicitly.
 */
export const TEST_APP_BOOT_TIMEOUT_MS = 120_000;
export const TEST_HTTP_TIMEOUT_MS = 120_000;

const TEST_JWT_SECRET = 'sunshine-test-secret-0123456789abcdef';

export interface TestAppOptions {
  store: TestAppStore;
  modules: (runtime: Runtime) => DynamicModule[];
  /** Extra environment for `loadConfig` (rule parameters and the like). */
  env?: Record<string, string>;
  /**
   * A `postgres` app on this existing database instead of a fresh one, e.g. a second
   * instance of a service beside another app, as two processes would share one store.
   * The database then belongs to the caller and is not dropped on close.
   */
  databaseUrl?: string;
  /** Every log line of the app at level trace goes here (to check what logs may hold). */
  logLines?: string[];
}

export interface TestRequest {
  token?: string;
  /** Serialised as JSON; use `rawBody` to send exactly this text or these bytes instead. */
  body?: unknown;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  /** The parsed JSON answer, or the text when it is not JSON. */
  body: unknown;
  headers: Headers;
}

export interface TestApp {
  baseUrl: string;
  runtime: Runtime;
  token(role: Role, regions: string[], sub?: string): string;
  request(method: string, path: string, request?: TestRequest): Promise<TestResponse>;
  close(): Promise<void>;
}

async function backendEnv(
  options: TestAppOptions,
): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-http-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (options.store === 'embedded') {
    return { env: { EVENT_STORE: 'embedded', SUNSHINE_DATA_DIR: dataDir }, cleanup: removeDir };
  }
  if (options.databaseUrl) {
    const env = { EVENT_STORE: 'postgres', DATABASE_URL: options.databaseUrl };
    return { env: { ...env, SUNSHINE_DATA_DIR: dataDir }, cleanup: removeDir };
  }
  const postgres = await startTestPostgres();
  return {
    env: { EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, SUNSHINE_DATA_DIR: dataDir },
    cleanup: async () => {
      await postgres.stop();
      await removeDir();
    },
  };
}

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  // Loaded here, not at the top, so that importing @sunshine/testing for a database does not
  // load Nest and the platform (and the platform's own tests do not import themselves).
  const { createHttpApp, createLogger, createRuntime, loadConfig, signToken } = await import(
    '@sunshine/platform'
  );
  const backend = await backendEnv(options);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    SUNSHINE_DEMO: '0',
    SUNSHINE_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    ...backend.env,
    ...options.env,
  });
  const lines = options.logLines;
  const logger = lines && createLogger({
    level: 'trace',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const runtime = await createRuntime(config, logger ? { logger } : {});
  const app = await createHttpApp(options.modules(runtime), runtime);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    baseUrl,
    runtime,
    token: (role, regions, sub = `${role}-user`) => {
      const principal: Principal = { sub, role, regions };
      return signToken(principal, TEST_JWT_SECRET);
    },
    request: (method, path, request = {}) => send(baseUrl, method, path, request),
    close: async () => {
      await app.close();
      await runtime.close();
      await backend.cleanup();
    },
  };
}

async function send(
  baseUrl: string,
  method: string,
  path: string,
  request: TestRequest,
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  // A Blob is a body under both the DOM and the Node typings of fetch.
  let body: string | Blob | undefined =
    request.rawBody === undefined ? undefined : new Blob([Buffer.from(request.rawBody)]);
  if (body === undefined && request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
