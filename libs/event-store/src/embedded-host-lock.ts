import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Who owns an embedded data directory. The host writes its process id to `pg-host.pid`
 * beside the cluster before it starts PostgreSQL. If the host dies without running its exit
 * hooks (SIGKILL, out of memory), its PostgreSQL keeps running and holds `postmaster.pid`;
 * the next host finds that postmaster, sees that its owner is gone, and shuts it down before
 * starting its own. A postmaster whose owner is still alive means a second host on the same
 * directory, which is refused.
 */

/** How long an orphaned postmaster may take for its fast shutdown. */
export const ORPHAN_STOP_TIMEOUT_MS = 60_000;
const ORPHAN_POLL_MS = 100;

export const hostPidFile = (dataDir: string): string => join(dataDir, 'pg-host.pid');

/** The first line of a pid file as a process id, or undefined when absent or unreadable. */
export async function readPidFile(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(text?.split('\n', 1)[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process where /proc shows it (Linux), else undefined. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** Stops a postmaster left running on `databaseDir` by a host that no longer exists. */
export async function claimDataDir(dataDir: string, databaseDir: string): Promise<void> {
  const lockFile = join(databaseDir, 'postmaster.pid');
  const postmaster = await readPidFile(lockFile);
  // No lock file, or one whose process is gone: PostgreSQL replaces a stale lock itself.
  if (postmaster !== undefined && isAlive(postmaster)) {
    const command = commandLine(postmaster);
    if (command !== undefined && !command.includes(databaseDir)) {
      // The process id was reused by something else: the lock file is stale.
      await rm(lockFile, { force: true });
    } else {
      await stopOrphan(dataDir, postmaster);
    }
  }
  await writeFile(hostPidFile(dataDir), `${process.pid}\n`);
}

async function stopOrphan(dataDir: string, postmaster: number): Promise<void> {
  const host = await readPidFile(hostPidFile(dataDir));
  if (host === undefined || isAlive(host)) {
    const owner = host === undefined ? 'no Sunshine host' : `host process ${host}`;
    throw new Error(
      `${dataDir} is in use: PostgreSQL ${postmaster} (started by ${owner}) runs on it`,
    );
  }
  // SIGINT asks PostgreSQL for a fast shutdown: abort open transactions, checkpoint, exit.
  process.kill(postmaster, 'SIGINT');
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while (isAlive(postmaster)) {
    if (Date.now() > deadline) {
      const waited = `${ORPHAN_STOP_TIMEOUT_MS} ms`;
      throw new Error(`orphaned PostgreSQL ${postmaster} did not stop in ${waited}`);
    }
    await sleep(ORPHAN_POLL_MS);
  }
}
