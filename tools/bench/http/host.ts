import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort } from '@sunshine/testing';

/**
 * The real host as `npm start` runs it (`node --import tsx apps/sunshine/src/main.ts`), in its
 * own process on a free port, so the HTTP measures go through the same sockets, parsers and
 * modules as clients do.
 */

const REPO_ROOT = resolve(__dirname, '../../..');
const HOST_MAIN = join('apps', 'sunshine', 'src', 'main.ts');
export const HOST_READY_TIMEOUT_MS = 240_000;
const READY_POLL_MS = 250;
const STOP_TIMEOUT_MS = 30_000;
/** Host output kept for error messages (the tail). */
const OUTPUT_CHARS_MAX = 20_000;
/** Variables the host inherits; everything else (DATABASE_URL, REDIS_URL, ...) is set here. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];

export interface HostOptions {
  dataDir: string;
  jwtSecret: string;
  /** A PostgreSQL database for EVENT_STORE=postgres; the embedded store without one. */
  databaseUrl?: string;
}

export interface Host {
  baseUrl: string;
  /** The host process id, for its memory figures. */
  pid: number | undefined;
  outputTail(): string;
  /** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
// A bench that dies still takes its hosts with it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function hostEnv(options: HostOptions, port: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    NODE_ENV: 'development',
    PORT: String(port),
    SUNSHINE_DEMO: '0',
    SUNSHINE_DATA_DIR: options.dataDir,
    SUNSHINE_JWT_SECRET: options.jwtSecret,
    LOG_LEVEL: 'warn',
    ...(options.databaseUrl
      ? { EVENT_STORE: 'postgres', DATABASE_URL: options.databaseUrl }
      : { EVENT_STORE: 'embedded' }),
  };
}

async function waitForReady(baseUrl: string, child: ChildProcess, tail: () => string) {
  const deadline = Date.now() + HOST_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`host exited early: ${tail().slice(-2_000)}`);
    try {
      const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
  throw new Error(`host not ready in ${HOST_READY_TIMEOUT_MS} ms: ${tail().slice(-2_000)}`);
}

export async function startHost(options: HostOptions): Promise<Host> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', HOST_MAIN], {
    cwd: REPO_ROOT, env: hostEnv(options, port), stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_CHARS_MAX);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => {
    running.delete(child);
    r(code);
  }));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(baseUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid, outputTail: () => output, stop };
}

/**
 * The embedded store's PostgreSQL outlives a host killed with SIGKILL: stop the postmaster
 * that the host started under `dataDir`, by the pid it wrote there.
 */
export async function stopLeftoverPostmaster(dataDir: string): Promise<void> {
  const text = await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return;
  // A pid file left by a clean stop may name a pid since reused by another program.
  const command = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  if (command.trim() !== 'postgres') return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone, as after a clean stop.
  }
}
