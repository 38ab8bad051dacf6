export { DashboardModule, DASHBOARD_DIST_DIR_DEFAULT, demoPrincipals } from './dashboard.module';
export { DEV_TOKEN_TTL_SECONDS, type DevToken } from './dev-tokens.controller';
