import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * command → alert latency is measured by tools/bench/alert-latency.ts (owned by the alert
 * service). It runs as a child process and must end its output with one JSON line holding
 * `command_to_alert_p99_ms`.
 */

export const ALERT_LATENCY_TIMEOUT_MS = 600_000;
const ALERT_SCRIPT = join(__dirname, 'alert-latency.ts');
const resultLine = z.object({ command_to_alert_p99_ms: z.number().nullable() }).passthrough();

export type AlertLatency =
  | { p99Ms: number | null; detail: Record<string, unknown> }
  | { p99Ms: null; reason: string };

function lastJsonLine(output: string): unknown {
  const lines = output.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line);
    } catch {
      // Progress lines are not JSON; keep looking for the result line.
    }
  }
  return undefined;
}

export function measureAlertLatency(env: NodeJS.ProcessEnv): Promise<AlertLatency> {
  if (!existsSync(ALERT_SCRIPT)) {
    return Promise.resolve({ p99Ms: null, reason: 'tools/bench/alert-latency.ts does not exist' });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ALERT_SCRIPT], {
      env, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGTERM'), ALERT_LATENCY_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const parsed = resultLine.safeParse(lastJsonLine(output));
      if (code !== 0 || !parsed.success) {
        resolve({ p99Ms: null, reason: `alert-latency.ts exited ${code} without a result line` });
        return;
      }
      resolve({ p99Ms: parsed.data.command_to_alert_p99_ms, detail: parsed.data });
    });
  });
}
