import { loadConfig, ROLES, signToken, type Role } from '@sunshine/platform';

/**
 * `npm run token -- <role> <regions> [sub]`: prints an HS256 token signed with
 * SUNSHINE_JWT_SECRET (the development secret when unset). Regions are comma-separated
 * prefixes, e.g. `npm run token -- finance 320826`.
 */

const USAGE = 'usage: npm run token -- <role> <regions,comma,separated> [sub]';
const TOKEN_TTL_SECONDS = 12 * 3600;

function isRole(value: string | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? '');
}

function main(argv: string[]): number {
  const [role, regionList = '', sub] = argv;
  if (!isRole(role)) {
    process.stderr.write(`${USAGE}\nroles: ${ROLES.join(', ')}\n`);
    return 2;
  }
  const regions = regionList.split(',').map((r) => r.trim()).filter(Boolean);
  if (regions.some((region) => !/^\d{1,12}$/.test(region))) {
    process.stderr.write(`regions must be digit prefixes of region codes\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  if (config.jwtSecretIsDevDefault) {
    process.stderr.write('warning: SUNSHINE_JWT_SECRET is not set, signing with the dev secret\n');
  }
  const principal = { sub: sub ?? `cli-${role}`, role, regions };
  process.stdout.write(`${signToken(principal, config.jwtSecret, TOKEN_TTL_SECONDS)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
