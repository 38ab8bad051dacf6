export { AlertServiceModule } from './alert-service.module';
export { ALERT_ENGINE, startAlerts, type AlertParts } from './alert-runtime';
export { ScanScheduler, SCAN_LOCK_KEY } from './scheduler';
export { WebhookNotifier } from './webhook';
export { PROJECTION_POSITION_HEADER } from './alerts.controller';
