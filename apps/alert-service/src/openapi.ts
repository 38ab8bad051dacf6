import { registerRoute } from '@sunshine/platform';
import { acknowledgeBody, listAlertsQuery, resolveBody, scanBody } from './alert-schemas';

/** Documents the alert routes in `/api/docs`. */
export function registerAlertRoutes(): void {
  const tags = ['alert-service'];
  const auditors: ['auditor'] = ['auditor'];
  registerRoute({
    method: 'get',
    path: '/api/alerts',
    summary: 'Alerts inside the caller\'s regions, newest first',
    querySchema: listAlertsQuery,
    roles: ['finance', 'project_manager', 'registrar', 'auditor'],
    tags,
  });
  registerRoute({
    method: 'get',
    path: '/api/alerts/{id}',
    summary: 'One alert with its assignment, handling history and readable evidence',
    roles: ['finance', 'project_manager', 'registrar', 'auditor'],
    tags,
  });
  registerRoute({
    method: 'post',
    path: '/api/alerts/{id}/acknowledge',
    summary: 'Acknowledge an open alert',
    bodySchema: acknowledgeBody,
    roles: auditors,
    tags,
  });
  registerRoute({
    method: 'post',
    path: '/api/alerts/{id}/resolve',
    summary: 'Resolve an alert: confirmed, false_positive or rectified',
    bodySchema: resolveBody,
    roles: auditors,
    tags,
  });
  registerRoute({
    method: 'post',
    path: '/api/alerts/scan',
    summary: 'Run the time rules as of a date (default today)',
    bodySchema: scanBody,
    roles: auditors,
    tags,
  });
}
