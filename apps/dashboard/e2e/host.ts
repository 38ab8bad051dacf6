import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The one-process host as `npm start` runs it (embedded store, demo county seeded) on a
 * free port and a temporary data directory, with the dashboard built first.
 */

export const REPO_ROOT = resolve(__dirname, '../../..');
export const HOST_START_TIMEOUT_MS = 240_000;
export const DASHBOARD_BUILD_TIMEOUT_MS = 300_000;
const HEALTH_POLL_MS = 500;
const STOP_TIMEOUT_MS = 30_000;
/** The secret the test host signs with, so the tests can mint a token for any caller. */
export const E2E_JWT_SECRET = 'sunshine-dashboard-e2e-secret-0123456789';

export interface Host {
  baseUrl: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** `tools/ensure-dashboard.mjs --strict`: builds `apps/dashboard/dist` when stale. */
export function ensureDashboardBuilt(): void {
  const result = spawnSync(process.execPath, ['tools/ensure-dashboard.mjs', '--strict'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: DASHBOARD_BUILD_TIMEOUT_MS,
  });
  if (result.status !== 0) {
    throw new Error(`dashboard build failed:\n${result.stdout}\n${result.stderr}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + HOST_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`host exited early:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  throw new Error(`host did not answer /health in ${HOST_START_TIMEOUT_MS} ms:\n${output()}`);
}

export async function startHost(env: Record<string, string> = {}): Promise<Host> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-dashboard-e2e-'));
  const port = await freePort();
  const chunks: string[] = [];
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['apps/sunshine/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      SUNSHINE_DATA_DIR: dataDir,
      SUNSHINE_JWT_SECRET: E2E_JWT_SECRET,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const output = () => chunks.join('');
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    await rm(dataDir, { recursive: true, force: true });
    return code;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output, stop };
}
