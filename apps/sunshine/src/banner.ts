import { DEMO_COUNTY } from '@sunshine/testing';
import { type Principal, type Role, type Runtime, signToken } from '@sunshine/platform';

/** Development tokens printed at start live this long. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

/** One sample caller per role inside the demo county (the auditor sees the province). */
export function samplePrincipals(countyCode: string = DEMO_COUNTY.countyCode): Principal[] {
  const inCounty = (role: Role): Principal => ({
    sub: `demo-${role}`, role, regions: [countyCode],
  });
  return [
    inCounty('finance'),
    inCounty('project_manager'),
    inCounty('registrar'),
    { sub: 'demo-auditor', role: 'auditor', regions: [countyCode.slice(0, 2)] },
    { sub: 'demo-admin', role: 'admin', regions: [] },
  ];
}

/**
 * What a person starting the system needs: where it answers and, outside production, a
 * ready-made token per role. Written to stdout as plain text, not as a log record.
 */
export function startupBanner(runtime: Runtime, baseUrl: string): string {
  const lines = [
    '',
    `Sunshine is running (event store: ${runtime.config.eventStore}).`,
    `  Dashboard      ${baseUrl}/`,
    `  Public API     ${baseUrl}/api/public/regions/${DEMO_COUNTY.countyCode}/summary`,
    `  OpenAPI        ${baseUrl}/api/docs`,
    `  Health, ready  ${baseUrl}/health  ${baseUrl}/ready`,
    `  Metrics        ${baseUrl}/metrics`,
  ];
  if (runtime.config.production) return lines.join('\n');
  lines.push('', 'Development tokens (or mint one: npm run token -- <role> <regions>):');
  for (const principal of samplePrincipals()) {
    const token = signToken(principal, runtime.config.jwtSecret, DEV_TOKEN_TTL_SECONDS);
    lines.push(`  ${principal.role.padEnd(16)} ${token}`);
  }
  lines.push(
    '',
    `  e.g. curl -H "Authorization: Bearer <token>" ` +
      `${baseUrl}/api/ledger/regions/${DEMO_COUNTY.countyCode}/summary`,
    '',
  );
  return lines.join('\n');
}
