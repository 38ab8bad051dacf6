import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmbeddedPostgres } from './embedded';

/** How long the child may take to open PGlite and listen (slow on a loaded machine). */
export const EMBEDDED_START_TIMEOUT_MS = 180_000;

/**
 * Starts the embedded PostgreSQL in a child process (see embedded-server.main.ts), for hosts
 * such as Jest that cannot load PGlite in their own module system.
 */
export function startEmbeddedPostgresProcess(dataDir: string): Promise<EmbeddedPostgres> {
  const script = join(__dirname, 'embedded-server.main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`embedded PostgreSQL did not start in ${EMBEDDED_START_TIMEOUT_MS} ms`));
    }, EMBEDDED_START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited with code ${String(code)}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const parsed: unknown = JSON.parse(line);
      const url = (parsed as { url?: unknown }).url;
      if (typeof url !== 'string') return reject(new Error(`unexpected line: ${line}`));
      resolve({ url, stop });
    });
  });
}
