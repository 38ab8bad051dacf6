import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  Optional,
} from '@nestjs/common';
import { DomainError, type ErrorCode, type ErrorDetail } from '@sunshine/domain';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { IN_FLIGHT_REQUESTS, type InFlightRequests } from './in-flight';
import { RUNTIME_LOGGER } from './tokens';

/** The one place where errors become HTTP answers (docs/architecture.md, HTTP). */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONCURRENCY_CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 409,
  INSUFFICIENT_FUNDS: 422,
  INVALID_STAGE: 422,
  INVALID_STATE: 422,
  INVALID_ROWS: 422,
  SAME_USER: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  STREAM_TAMPERED: 409,
  TOO_MANY_REQUESTS: 429,
  NOT_ASSIGNED: 422,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
}

/** Errors thrown by body-parser carry a status and a type; they are client errors. */
function bodyParserStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || typeof type !== 'string') return undefined;
  return status >= 400 && status < 500 ? status : undefined;
}

/**
 * The status of a Nest HTTP exception. Nest's Express adapter can run from a second copy of
 * `@nestjs/common` (its ESM build beside our CommonJS one), whose exceptions fail
 * `instanceof` here: e.g. the 400 it raises for a path with a malformed percent escape. Such
 * an error is recognised by its `getStatus` method instead.
 */
function httpStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  if (!(error instanceof Error)) return undefined;
  const { getStatus } = error as { getStatus?: unknown };
  if (typeof getStatus !== 'function') return undefined;
  const status: unknown = getStatus.call(error);
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function httpMessage(error: Error, status: number): string {
  if (status === 404) return 'no such route';
  if (status === 413) return 'the request body is too large';
  return status >= 500 ? 'internal error' : error.message;
}

export function mapError(error: unknown): MappedError {
  const answer = (status: number, code: string, message: string, details: ErrorDetail[] = []) =>
    ({ status, body: { error: { code, message, details } } });
  if (error instanceof DomainError) {
    return answer(STATUS_BY_CODE[error.code], error.code, error.message, error.details);
  }
  const status = httpStatus(error);
  if (status !== undefined && error instanceof Error) {
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    return answer(status, code, httpMessage(error, status));
  }
  const parserStatus = bodyParserStatus(error);
  if (parserStatus !== undefined) {
    const code = CODE_BY_STATUS[parserStatus] ?? 'BAD_REQUEST';
    const message =
      parserStatus === 413 ? 'the request body is too large' : 'malformed request body';
    return answer(parserStatus, code, message);
  }
  return answer(500, 'INTERNAL', 'internal error');
}

@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(RUNTIME_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(IN_FLIGHT_REQUESTS) private readonly inFlight?: InFlightRequests,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const mapped = mapError(exception);
    if (mapped.status >= 500 && this.inFlight?.phase === 'cutting') {
      // The stop ran out of drain time and closed what this request was using: not a fault.
      this.logger.info({ err: exception }, 'request cut by the shutdown');
    } else if (mapped.status >= 500) {
      this.logger.error({ err: exception }, 'unhandled error');
    }
    if (response.headersSent) return;
    response.status(mapped.status).json(mapped.body);
  }
}
