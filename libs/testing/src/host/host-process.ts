import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Starts the one-process host (`apps/sunshine/src/main.ts`) or one of the four services as the
 * start scripts would, in its own process, for end-to-end tests and the benchmarks.
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

async function waitForAnswer(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + HOST_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`host exited early:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, HEALTH_POLL_MS));
  }
  throw new Error(`${url} did not answer in ${HOST_START_TIMEOUT_MS} ms:\n${output()}`);
}

export interface ServiceProcessOptions {
  /** The entry file, relative to the repository root. */
  entry: string;
  env?: Record<string, string>;
  /** The path answering 200 once the process may be used: `/health`, or `/ready`. */
  readyPath?: string;
}

export interface ServiceProcess extends HostProcess {
  pid: number;
  /** SIGKILL, as a crash would: no drain, no checkpoint written on the way out. */
  crash(): Promise<void>;
}

/**
 * Starts one entry point (the host or one of the four services) as the start scripts do, in
 * its own process, on a free port and a temporary data directory.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-host-'));
  const port = await freePort();
  const chunks: string[] = [];
  // As `npm start` runs it. Not the tsx CLI: it relays SIGTERM and SIGKILLs a child that
  // does not acknowledge within 60 ms, which a host busy with requests often cannot.
  const args = ['--import', 'tsx', '--import', TELEMETRY_PRELOAD, options.entry];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), SUNSHINE_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const output = () => chunks.join('');
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    await rm(dataDir, { recursive: true, force: true });
    return code;
  };
  const crash = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForAnswer(`${baseUrl}${options.readyPath ?? '/health'}`, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output, stop, crash, pid: child.pid ?? 0 };
}

export async function startHostProcess(env: Record<string, string> = {}): Promise<HostProcess> {
  const host = await startServiceProcess({ entry: 'apps/sunshine/src/main.ts', env });
  return { baseUrl: host.baseUrl, output: host.output, stop: host.stop };
}
