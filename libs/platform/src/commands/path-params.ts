import { DomainError, entityId, regionCode } from '@sunshine/domain';

/** Path ids obey the same rule as body ids (SPEC §3); anything else is a 400. */
export function pathId(value: string, name = 'id'): string {
  if (!entityId.safeParse(value).success) {
    throw new DomainError('VALIDATION_FAILED', `${name} is not a valid id`, [
      { path: name, message: 'ids are 1-64 letters, digits, "-" or "_"' },
    ]);
  }
  return value;
}

export function pathRegionCode(value: string, name = 'code'): string {
  if (!regionCode.safeParse(value).success) {
    throw new DomainError('VALIDATION_FAILED', `${name} is not a region code`, [
      { path: name, message: 'region codes have 2, 4, 6, 9 or 12 digits' },
    ]);
  }
  return value;
}

/** A code that must lie inside another region, e.g. an allocation's village in its county. */
export function assertInsideRegion(code: string, container: string, path: string): void {
  if (!code.startsWith(container)) {
    const message = `${path} ${code} is not inside region ${container}`;
    throw new DomainError('VALIDATION_FAILED', message, [
      { path, message: `must lie inside region ${container}` },
    ]);
  }
}
