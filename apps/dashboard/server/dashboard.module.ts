import { resolve } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { type Principal, RUNTIME, type Runtime } from '@sunshine/platform';
import { DEMO_COUNTY } from '@sunshine/demo';
import { DEV_PRINCIPALS, DevTokensController } from './dev-tokens.controller';
import { DASHBOARD_DIST_DIR, DashboardStaticController } from './static.controller';

/** Where `npm run build:dashboard` writes the single-page app. */
export const DASHBOARD_DIST_DIR_DEFAULT = resolve(__dirname, '../dist');

/** One sample caller per role inside the demo county; the auditor sees the province. */
export function demoPrincipals(countyCode: string = DEMO_COUNTY.countyCode): Principal[] {
  const inCounty = (role: Principal['role']): Principal => ({
    sub: `demo-${role}`,
    role,
    regions: [countyCode],
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
 * The dashboard inside a Sunshine host: the built files at `/` and, only outside
 * production, `GET /api/dev/tokens` for the development sign-in. In production the page
 * asks for a pasted token instead.
 */
@Module({})
export class DashboardModule {
  static register(
    runtime: Runtime,
    distDir: string = DASHBOARD_DIST_DIR_DEFAULT,
    principals: Principal[] = demoPrincipals(),
  ): DynamicModule {
    const devTokens = !runtime.config.production;
    return {
      module: DashboardModule,
      controllers: devTokens
        ? [DashboardStaticController, DevTokensController]
        : [DashboardStaticController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: DASHBOARD_DIST_DIR, useValue: distDir },
        { provide: DEV_PRINCIPALS, useValue: principals },
      ],
    };
  }
}
