import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Starts the one-process host (`apps/sunshine/src/main.ts`) as `npm start` would, in its own
 * process, on a free port and a temporary data directory, for end-to-end tests.
 */

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const HOST_START_TIMEOUT_MS = 240_000;
/** The OpenTelemetry preload of `npm start` and the start:* scripts. */
export const TELEMETRY_PRELOAD = './libs/platform/src/observability/preload.ts';
const HEALTH_POLL_MS = 500;
const STOP_TIMEOUT_MS = 30_000;

export interface HostProcess {
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A port free on 127.0.0.1 right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
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

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
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

export async function startHostProcess(env: Record<string, string> = {}): Promise<HostProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-host-'));
  const port = await freePort();
  const chunks: string[] = [];
  // As `npm start` runs it. Not the tsx CLI: it relays SIGTERM and SIGKILLs a child that
  // does not acknowledge within 60 ms, which a host busy with requests often cannot.
  const args = ['--import', 'tsx', '--import', TELEMETRY_PRELOAD, 'apps/sunshine/src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), SUNSHINE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const output = () => chunks.join('');
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    await rm(dataDir, { recursive: true, force: true });
    return code;
  };
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output, stop };
}
