import { AlertServiceModule } from '@sunshine/alert-service';
import { DashboardModule } from '@sunshine/dashboard';
import { FundsServiceModule } from '@sunshine/funds-service';
import { LedgerProjectorModule } from '@sunshine/ledger-projector';
import type { AppModule, Runtime } from '@sunshine/platform';
import { ProjectsServiceModule } from '@sunshine/projects-service';

/**
 * The four service modules of SPEC §2, served together by the one-process host, and the
 * dashboard (its pages at `/`, development sign-in outside production).
 */
export const SERVICE_MODULE_NAMES = [
  'funds-service',
  'projects-service',
  'ledger-projector',
  'alert-service',
] as const;

export function serviceModules(runtime: Runtime): AppModule[] {
  const modules = [
    FundsServiceModule.register(runtime),
    ProjectsServiceModule.register(runtime),
    LedgerProjectorModule.register(runtime),
    AlertServiceModule.register(runtime),
    DashboardModule.register(runtime),
  ];
  runtime.logger.info({ modules: SERVICE_MODULE_NAMES }, 'service modules loaded');
  return modules;
}
