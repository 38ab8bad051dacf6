import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../idempotency/port';
import { currentTraceparent } from '../observability/telemetry';

/**
 * What a write request contributes to its events' metadata (SPEC §4): who asked is the
 * principal; this is where the request's correlation, causation, idempotency key and trace
 * context come from.
 */
export interface RequestMeta {
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  traceparent?: string;
}

/** Client-supplied ids are echoed into stored metadata, so they are bounded and plain. */
const HEADER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function plainId(value: string | undefined): string | undefined {
  return value !== undefined && HEADER_ID_PATTERN.test(value) ? value : undefined;
}

export function requestMetaFromHeaders(headers: HeaderBag): RequestMeta {
  const requestId = plainId(header(headers, 'x-request-id')) ?? randomUUID();
  const correlationId = plainId(header(headers, 'x-correlation-id')) ?? requestId;
  const key = header(headers, 'idempotency-key');
  // The active span (the HTTP server span when telemetry runs) continues the caller's trace;
  // without telemetry the caller's own header is the best link there is.
  const incoming = header(headers, 'traceparent');
  const traceparent =
    currentTraceparent() ?? (incoming && TRACEPARENT_PATTERN.test(incoming) ? incoming : undefined);
  return {
    correlationId,
    // Each HTTP request is the cause of the events its command appends.
    causationId: requestId,
    idempotencyKey: key && key.length <= IDEMPOTENCY_KEY_LENGTH_MAX ? key : undefined,
    traceparent,
  };
}

/** `@Meta() meta: RequestMeta` in a controller method. */
export const Meta = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestMeta => {
    const request = context.switchToHttp().getRequest<{ headers: HeaderBag }>();
    return requestMetaFromHeaders(request.headers);
  },
);
