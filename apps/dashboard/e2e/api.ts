import { type Principal, signToken } from '@sunshine/platform';
import { z } from 'zod';
import { E2E_JWT_SECRET } from './host';

/** The HTTP API as the tests call it, to compare what the page shows with what it answers. */

export const DEMO_COUNTY_CODE = '320826';
/** How long the tests wait for the read models to hold the seeded demo county. */
export const PROJECTION_WAIT_MS = 120_000;
const PROJECTION_POLL_MS = 500;

export function tokenFor(principal: Principal): string {
  return signToken(principal, E2E_JWT_SECRET, 3600);
}

export const AUDITOR: Principal = { sub: 'e2e-auditor', role: 'auditor', regions: ['32'] };

export async function getJson(baseUrl: string, path: string, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function postJson(baseUrl: string, path: string, token: string, body: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `e2e-${Date.now()}-${Math.random()}`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

export const metrics = z.object({
  regionCode: z.string(),
  receivedFen: z.number(),
  disbursedFen: z.number(),
  retainedFen: z.number(),
  retentionRate: z.number(),
  stuckFundRate: z.number(),
});
export const summary = metrics.extend({ asOf: z.string(), children: z.array(metrics) });
export type Summary = z.infer<typeof summary>;

export async function regionSummary(baseUrl: string, code: string, token: string) {
  return summary.parse(await getJson(baseUrl, `/api/ledger/regions/${code}/summary`, token));
}

/** Waits until the ledger has projected the demo county and stopped moving. */
export async function awaitDemoProjected(baseUrl: string, token: string): Promise<void> {
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  let previous = '';
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/ledger/regions/${DEMO_COUNTY_CODE}/summary`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const position = response.headers.get('x-projection-position') ?? '';
    const body = response.ok ? summary.parse(await response.json()) : undefined;
    if (body && body.receivedFen > 0 && position === previous) return;
    previous = position;
    await new Promise((r) => setTimeout(r, PROJECTION_POLL_MS));
  }
  throw new Error(`the demo county was not projected within ${PROJECTION_WAIT_MS} ms`);
}
