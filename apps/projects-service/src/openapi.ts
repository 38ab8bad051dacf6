import { COMMAND_BODY_SCHEMAS as BODY } from '@sunshine/domain';
import { registerRoute } from '@sunshine/platform';

/** Documents the projects service's routes in `/api/docs` with the schemas they parse with. */
export function registerProjectsServiceRoutes(): void {
  const routes = [
    ['/api/projects', 'Register a project', BODY.RegisterProject],
    ['/api/projects/{id}/stages', 'Advance a project to its next stage', BODY.AdvanceProjectStage],
    ['/api/projects/{id}/income', 'Record project income', BODY.RecordProjectIncome],
    ['/api/projects/{id}/income-distributions', 'Distribute project income to households',
      BODY.DistributeProjectIncome],
    ['/api/projects/{id}/suspend', 'Suspend a project', BODY.SuspendProject],
    ['/api/projects/{id}/resume', 'Resume a suspended project', BODY.ResumeProject],
    ['/api/projects/{id}/cancel', 'Cancel a project', BODY.CancelProject],
    ['/api/projects/{id}/assets', 'Register a project asset (from stage completion on)',
      BODY.RegisterProjectAsset],
  ] as const;
  for (const [path, summary, bodySchema] of routes) {
    registerRoute({
      method: 'post', path, summary, bodySchema, roles: ['project_manager'],
      tags: ['projects-service'],
    });
  }
}
