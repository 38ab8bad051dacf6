import type { z } from 'zod';
import { clearSession, loadSession } from './auth';
import { apiError } from './schemas';

/** The dashboard calls the same HTTP API as every other client, on its own origin. */

/** A request that takes longer than this is abandoned and shown as an error. */
export const REQUEST_TIMEOUT_MS = 20_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Public routes are called without the token, exactly as an anonymous visitor would. */
  anonymous?: boolean;
}

function headersFor(options: RequestOptions): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  const session = options.anonymous ? undefined : loadSession();
  if (session) headers.set('Authorization', `Bearer ${session.token}`);
  if (options.method === 'POST') {
    headers.set('Content-Type', 'application/json');
    // One key per user action: a retried click cannot act twice.
    headers.set('Idempotency-Key', crypto.randomUUID());
  }
  return headers;
}

async function errorOf(response: Response): Promise<ApiError> {
  const parsed = apiError.safeParse(await response.json().catch(() => undefined));
  if (response.status === 401) clearSession();
  if (parsed.success) {
    return new ApiError(response.status, parsed.data.error.code, parsed.data.error.message);
  }
  return new ApiError(response.status, 'HTTP_ERROR', `HTTP ${response.status}`);
}

export async function request<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  options: RequestOptions = {},
): Promise<z.infer<Schema>> {
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers: headersFor(options),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw await errorOf(response);
  return schema.parse(await response.json());
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
