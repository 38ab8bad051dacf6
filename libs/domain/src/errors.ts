/**
 * Domain errors carry a code that the one HTTP exception filter maps to a status
 * (SPEC §7). The domain never knows about HTTP.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED', // 400
  'UNAUTHORIZED', // 401
  'FORBIDDEN', // 403
  'NOT_FOUND', // 404
  'ALREADY_EXISTS', // 409
  'CONCURRENCY_CONFLICT', // 409
  'IDEMPOTENCY_MISMATCH', // 409
  'INSUFFICIENT_FUNDS', // 422
  'INVALID_STAGE', // 422
  'INVALID_STATE', // 422: e.g. exiting a household that is not in poverty
  'INVALID_ROWS', // 422: rows of a payment batch or bank return file, each named in details
  'SAME_USER', // 403: the maker of a disbursement may not approve it
  'PAYLOAD_TOO_LARGE', // 413
  'UNSUPPORTED_MEDIA_TYPE', // 415
  'STREAM_TAMPERED', // 409: a stored stream no longer matches its hash chain (SPEC §12)
  'TOO_MANY_REQUESTS', // 429: a rate limit, e.g. public reports per client address
  'NOT_ASSIGNED', // 422: a visit by a helper not assigned to the household (SPEC §13)
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  path?: string;
  message: string;
  /** For rows of a file or batch: the row number as in the file (header = row 1). */
  row?: number;
  field?: string;
  code?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('NOT_FOUND', `${what} ${id} does not exist`);

export const alreadyExists = (what: string, id: string): DomainError =>
  new DomainError('ALREADY_EXISTS', `${what} ${id} already exists`);

export const insufficientFunds = (message: string): DomainError =>
  new DomainError('INSUFFICIENT_FUNDS', message);

export const validationFailed = (message: string, path?: string): DomainError =>
  new DomainError('VALIDATION_FAILED', message, [{ ...(path ? { path } : {}), message }]);

export const invalidState = (message: string): DomainError =>
  new DomainError('INVALID_STATE', message);

export const invalidStage = (message: string): DomainError =>
  new DomainError('INVALID_STAGE', message);

/** Rejects a business date earlier than the one the entity's history already reached. */
export function assertNotBefore(date: string, earliest: string, path: string): void {
  if (date < earliest) {
    throw validationFailed(`${path} ${date} is before ${earliest}`, path);
  }
}
