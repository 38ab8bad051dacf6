import {
  alertDecider,
  alertStreamId,
  DomainError,
  notFound,
} from '@sunshine/domain';
import { loadStream, type EventStore } from '@sunshine/event-store';
import { assertRegionAccess, canAccessRegion, type Principal } from '@sunshine/platform';

/**
 * The region prefixes a caller's alert list covers: the asked region when it lies inside
 * the caller's regions, the caller's regions inside a wider asked region, else forbidden.
 * Undefined means everywhere (an admin who asked for no region).
 */
export function visibleRegionPrefixes(
  principal: Principal,
  region: string | undefined,
): string[] | undefined {
  if (region === undefined) return principal.role === 'admin' ? undefined : principal.regions;
  if (canAccessRegion(principal, region)) return [region];
  const inside = principal.regions.filter((prefix) => prefix.startsWith(region));
  if (inside.length === 0) {
    throw new DomainError('FORBIDDEN', `region ${region} is outside your regions`);
  }
  return inside;
}

/**
 * Loads an alert from its stream (the read model may not have it yet) and checks that it
 * lies in the caller's regions; an unknown id is a 404 for everyone.
 */
export async function assertAlertInRegion(
  store: EventStore,
  alertId: string,
  principal: Principal,
): Promise<void> {
  const { state } = await loadStream(store, alertDecider, alertStreamId(alertId));
  if (state.status === 'none') throw notFound('alert', alertId);
  assertRegionAccess(principal, state.alert.regionCode);
}
