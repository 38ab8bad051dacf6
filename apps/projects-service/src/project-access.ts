import { notFound, type ProjectState } from '@sunshine/domain';
import { assertRegionAccess, type Principal } from '@sunshine/platform';

/**
 * The project a command addresses, in the state it is decided on: unknown → 404 (SPEC §5),
 * a village outside the caller's regions → 403.
 */
export function projectInRegion(
  state: ProjectState,
  projectId: string,
  principal: Principal,
): void {
  if (state.status === 'unregistered') throw notFound('project', projectId);
  assertRegionAccess(principal, state.project.villageCode);
}
