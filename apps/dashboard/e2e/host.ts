import { spawnSync } from 'node:child_process';
import { type HostProcess, REPO_ROOT, startHostProcess } from '@sunshine/testing';

/**
 * The one-process host as `npm start` runs it (embedded store, demo county seeded) on a
 * free port and a temporary data directory, with the dashboard built first.
 */

export { REPO_ROOT };
export const DASHBOARD_BUILD_TIMEOUT_MS = 300_000;
/** The secret the test host signs with, so the tests can mint a token for any caller. */
export const E2E_JWT_SECRET = 'sunshine-dashboard-e2e-secret-0123456789';

export type Host = HostProcess;

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

export async function startHost(env: Record<string, string> = {}): Promise<Host> {
  return startHostProcess({
    NODE_ENV: 'development',
    SUNSHINE_JWT_SECRET: E2E_JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  });
}
