import type { z } from 'zod';
import { clearSession, loadSession, SESSION_EXPIRED_EVENT, storedToken } from './auth';
import { type Problem, type ProblemDetail, titleOf } from './errors';
import { apiError } from './schemas';

/** The dashboard calls the same HTTP API as every other client, on its own origin. */

/** A request that takes longer than this is abandoned and shown as an error. */
export const REQUEST_TIMEOUT_MS = 20_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  /** Public routes are called without the token, exactly as an anonymous visitor would. */
  anonymous?: boolean;
  /** The key of the user action a write belongs to; a fresh one when not given. */
  idempotencyKey?: string;
}

function headersFor(options: RequestOptions, token: string | undefined): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (options.method === 'POST' || options.method === 'PUT') {
    headers.set('Content-Type', 'application/json');
    // One key per user action: a retried click cannot act twice.
    headers.set('Idempotency-Key', options.idempotencyKey ?? crypto.randomUUID());
  }
  return headers;
}

async function errorOf(response: Response, sentToken: string | undefined): Promise<ApiError> {
  const parsed = apiError.safeParse(await response.json().catch(() => undefined));
  const stored = storedToken();
  // The token expired or was revoked: sign in again and come back to the same page. A late
  // refusal of a token that has since been replaced must not sign the new session out.
  if (response.status === 401 && sentToken && (stored === undefined || stored === sentToken)) {
    clearSession();
    window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
  }
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details ?? []);
  }
  return new ApiError(response.status, 'HTTP_ERROR', `HTTP ${response.status}`);
}

/** A failure to reach the server at all ("Failed to fetch"), or no answer in time. */
export class NetworkError extends Error {
  constructor(
    readonly code: 'NETWORK' | 'TIMEOUT',
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

async function send(
  path: string,
  options: RequestOptions,
  token: string | undefined,
): Promise<Response> {
  try {
    return await fetch(path, {
      method: options.method ?? 'GET',
      headers: headersFor(options, token),
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new NetworkError(timedOut ? 'TIMEOUT' : 'NETWORK', error);
  }
}

export async function request<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  options: RequestOptions = {},
): Promise<z.infer<Schema>> {
  const token = options.anonymous ? undefined : loadSession()?.token;
  const response = await send(path, options, token);
  if (!response.ok) throw await errorOf(response, token);
  return schema.parse(await response.json());
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Any thrown value as the views show it: a Chinese sentence, the API's words, its details. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      status: error.status,
      title: titleOf(error.code, error.status),
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof NetworkError) {
    return { code: error.code, title: titleOf(error.code), message: error.message, details: [] };
  }
  if (error instanceof Error && error.name === 'ZodError') {
    return { code: 'BAD_RESPONSE', title: titleOf('BAD_RESPONSE'), details: [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNKNOWN', title: titleOf('UNKNOWN'), message, details: [] };
}

export function describeError(error: unknown): string {
  const problem = problemOf(error);
  return problem.message ? `${problem.title}（${problem.message}）` : problem.title;
}

/**
 * Reads a record that a write of this user may have created a moment ago: the read models
 * are eventually consistent, so a 404 is asked again a few times before it is believed.
 */
export async function readFreshlyWritten<T>(
  load: () => Promise<T>,
  pollsMax: number,
  pollMs: number,
): Promise<T> {
  for (let poll = 1; ; poll += 1) {
    try {
      return await load();
    } catch (error) {
      const notFound = error instanceof ApiError && error.status === 404;
      if (!notFound || poll >= pollsMax) throw error;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
