import { DomainError, type ErrorDetail } from '@sunshine/domain';
import type { z } from 'zod';

/** At most this many validation problems are reported, so an answer stays small. */
export const VALIDATION_DETAILS_MAX = 50;

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, VALIDATION_DETAILS_MAX).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses untrusted input with a zod schema; failure is a 400 VALIDATION_FAILED. */
export function parseBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new DomainError('VALIDATION_FAILED', 'the request is not valid', zodDetails(parsed.error));
}

/**
 * Parses a query string. A parameter given with an empty value (`?asOf=`) counts as not
 * given, as SPEC §7 writes its routes (`?asOf=&category=&fiscalYear=`), so it takes its
 * default instead of failing validation.
 */
export function parseQueryParams<Schema extends z.ZodType>(
  schema: Schema,
  query: unknown,
): z.output<Schema> {
  return parseBody(schema, withoutEmptyParams(query));
}

function withoutEmptyParams(query: unknown): unknown {
  if (query === undefined || query === null) return {};
  if (typeof query !== 'object' || Array.isArray(query)) return query;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}
