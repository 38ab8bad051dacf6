import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** What an alert write takes from its request for the event metadata (SPEC §4). */
export interface RequestMeta {
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  traceparent?: string;
}

/** Client-supplied ids end up in stored metadata, so they are bounded and plain. */
const HEADER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
export const IDEMPOTENCY_KEY_LENGTH_MAX = 200;

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
  const key = header(headers, 'idempotency-key');
  const traceparent = header(headers, 'traceparent');
  const meta: RequestMeta = {
    correlationId: plainId(header(headers, 'x-correlation-id')) ?? requestId,
    causationId: requestId,
  };
  if (key && key.length <= IDEMPOTENCY_KEY_LENGTH_MAX) meta.idempotencyKey = key;
  if (traceparent && TRACEPARENT_PATTERN.test(traceparent)) meta.traceparent = traceparent;
  return meta;
}

/** `@Meta() meta: RequestMeta` in a controller method. */
export const Meta = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestMeta =>
    requestMetaFromHeaders(context.switchToHttp().getRequest<{ headers: HeaderBag }>().headers),
);
