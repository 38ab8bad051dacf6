import { notFound, projectDecider, projectStreamId } from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import { assertRegionAccess, loadAggregate, type Principal } from '@sunshine/platform';

/**
 * Loads a project the command addresses: unknown → 404 (SPEC §5), a village outside the
 * caller's regions → 403.
 */
export async function loadProjectInRegion(
  store: EventStore,
  projectId: string,
  principal: Principal,
): Promise<void> {
  const { state } = await loadAggregate(store, projectDecider, projectStreamId(projectId));
  if (state.status === 'unregistered') throw notFound('project', projectId);
  assertRegionAccess(principal, state.project.villageCode);
}
