import { DomainError } from '@sunshine/domain';

export const ROLES = ['finance', 'project_manager', 'registrar', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, from a verified JWT (SPEC §1). */
export interface Principal {
  sub: string;
  role: Role;
  /** Region-code prefixes the caller may read and write inside. */
  regions: string[];
}

/** True when `regionCode` lies inside one of the caller's prefixes (admin sees everything). */
export function canAccessRegion(principal: Principal, regionCode: string): boolean {
  if (principal.role === 'admin') return true;
  return principal.regions.some((prefix) => regionCode.startsWith(prefix));
}

export function assertRegionAccess(principal: Principal, regionCode: string): void {
  if (!canAccessRegion(principal, regionCode)) {
    throw new DomainError('FORBIDDEN', `region ${regionCode} is outside your regions`);
  }
}

/** A region the caller asks about must be within, or contain only, their prefixes. */
export function assertRole(principal: Principal, allowed: readonly Role[]): void {
  if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
    throw new DomainError('FORBIDDEN', `role ${principal.role} may not do this`);
  }
}
