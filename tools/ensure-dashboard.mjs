#!/usr/bin/env node
// Builds the dashboard when `apps/dashboard/dist` is missing or older than any of its
// sources, so `npm start` and the browser tests always serve the current pages. A build
// that fails leaves the host running with its page of links, so start is never blocked.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP = join(ROOT, 'apps/dashboard');
const BUILT_INDEX = join(APP, 'dist/index.html');
const SOURCES = ['src', 'index.html', 'vite.config.mjs'];
/** Source files examined at most; the dashboard has a few dozen. */
const SOURCE_FILES_MAX = 5_000;

function newestMtimeMs(path, budget) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    budget.files += 1;
    if (budget.files > SOURCE_FILES_MAX) throw new Error(`more than ${SOURCE_FILES_MAX} sources`);
    return stat.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtimeMs(join(path, entry), budget));
  }
  return newest;
}

export function dashboardIsStale() {
  if (!existsSync(BUILT_INDEX)) return true;
  const budget = { files: 0 };
  const sourcesMs = Math.max(...SOURCES.map((name) => newestMtimeMs(join(APP, name), budget)));
  return sourcesMs > statSync(BUILT_INDEX).mtimeMs;
}

export function ensureDashboard({ strict = false } = {}) {
  if (!dashboardIsStale()) return true;
  process.stdout.write('Building the dashboard (apps/dashboard/dist)...\n');
  const vite = join(ROOT, 'node_modules/.bin/vite');
  const result = spawnSync(vite, ['build', APP, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status === 0) return true;
  const message = `the dashboard build failed (exit ${result.status ?? result.signal})`;
  if (strict) throw new Error(message);
  process.stderr.write(`${message}; the host will serve its page of links instead\n`);
  return false;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDashboard({ strict: process.argv.includes('--strict') });
}
