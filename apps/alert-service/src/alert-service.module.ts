import { type DynamicModule, Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@sunshine/platform';
import { installTamperAlarm } from './supervision/tamper-alarm';
import { AuditController } from './supervision/audit.controller';
import { registerSupervisionRoutes } from './supervision/openapi';
import {
  PublicReportsController,
  REPORT_RATE_LIMITER,
} from './supervision/public-reports.controller';
import { createReportRateLimiter } from './supervision/report-rate-limit';
import { ALERT_ENGINE, startAlerts } from './alert-runtime';
import { AlertsController } from './alerts.controller';
import { registerAlertRoutes } from './openapi';

/**
 * The alert service: consumes events, evaluates the rules of SPEC §6, raises alerts as
 * events, scans the time rules on a schedule and on demand, and serves the alert API.
 */
@Module({})
export class AlertServiceModule {
  static register(runtime: Runtime): DynamicModule {
    registerAlertRoutes();
    registerSupervisionRoutes();
    installTamperAlarm(runtime);
    return {
      module: AlertServiceModule,
      controllers: [AlertsController, PublicReportsController, AuditController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: REPORT_RATE_LIMITER, useValue: createReportRateLimiter(runtime) },
        { provide: ALERT_ENGINE, useFactory: async () => (await startAlerts(runtime)).engine },
      ],
      exports: [ALERT_ENGINE],
    };
  }
}
