import { type DynamicModule, Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@sunshine/platform';
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
    return {
      module: AlertServiceModule,
      controllers: [AlertsController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: ALERT_ENGINE, useFactory: async () => (await startAlerts(runtime)).engine },
      ],
      exports: [ALERT_ENGINE],
    };
  }
}
