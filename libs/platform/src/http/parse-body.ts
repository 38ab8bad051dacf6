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
