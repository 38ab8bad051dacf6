import { registerRoute } from '@sunshine/platform';
import { assignBody, publicReportBody, verifyBody } from './supervision-schemas';

/** Documents the supervision routes of SPEC §12 in `/api/docs`. */
export function registerSupervisionRoutes(): void {
  const tags = ['alert-service'];
  registerRoute({
    method: 'post',
    path: '/api/public/reports',
    summary: 'Report a suspicion (no token); answers a tracking code',
    bodySchema: publicReportBody,
    tags,
  });
  registerRoute({
    method: 'get',
    path: '/api/public/reports/{trackingCode}',
    summary: 'The status of a report: received, under_review or closed',
    tags,
  });
  registerRoute({
    method: 'post',
    path: '/api/alerts/{id}/assign',
    summary: 'Assign an alert to someone who must handle it by dueOn',
    bodySchema: assignBody,
    roles: ['auditor'],
    tags,
  });
  registerRoute({
    method: 'post',
    path: '/api/audit/verify',
    summary: 'Verify every stream chain and the global chain, optionally against an anchor',
    bodySchema: verifyBody,
    roles: ['auditor'],
    tags,
  });
  registerRoute({
    method: 'get',
    path: '/api/public/integrity',
    summary: 'The head of the global hash chain, for anyone to keep',
    tags,
  });
}
