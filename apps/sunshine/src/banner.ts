import { demoPrincipals } from '@sunshine/dashboard';
import { type Runtime, signToken } from '@sunshine/platform';
import { DEMO_COUNTY } from '@sunshine/demo';

/** Development tokens printed at start live this long. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

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
  for (const principal of demoPrincipals()) {
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
