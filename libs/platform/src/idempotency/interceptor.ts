import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { DomainError } from '@sunshine/domain';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { from, type Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { principalOf } from '../auth/guard';
import { mapError } from '../http/exception-filter';
import { RUNTIME_LOGGER } from '../http/tokens';
import {
  bodyFingerprint,
  IDEMPOTENCY_KEY_LENGTH_MAX,
  IDEMPOTENCY_RESPONSE_BYTES_MAX,
  type IdempotencyStore,
  scopedKey,
  type StoredResponse,
} from './port';

/** Nest token of the IdempotencyStore. */
export const IDEMPOTENCY_STORE = 'SUNSHINE_IDEMPOTENCY_STORE';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotent-Replayed';
/** A duplicate that arrives while the first request runs waits this long for its answer. */
export const IDEMPOTENCY_WAIT_MS_MAX = 15_000;
export const IDEMPOTENCY_POLL_INTERVAL_MS = 25;

const KEY_PATTERN = /^[\x21-\x7e]+$/;

function validKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key.length === 0) return undefined;
  if (key.length > IDEMPOTENCY_KEY_LENGTH_MAX || !KEY_PATTERN.test(key)) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be printable ASCII', [
      { path: 'Idempotency-Key', message: `at most ${IDEMPOTENCY_KEY_LENGTH_MAX} characters` },
    ]);
  }
  return key;
}

/** Rejections that follow from running the command on the stored state, not from the input. */
export const REMEMBERED_REJECTIONS: readonly string[] = [
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'INSUFFICIENT_FUNDS',
  'INVALID_STAGE',
  'INVALID_STATE',
];

function isRememberedRejection(code: string): boolean {
  return REMEMBERED_REJECTIONS.includes(code);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SPEC §7: a POST or PUT with `Idempotency-Key` runs once; the same key with the same body
 * replays the first status and body (a success or a remembered rejection), a different body
 * is 409 IDEMPOTENCY_MISMATCH.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(RUNTIME_LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    if (request.method !== 'POST' && request.method !== 'PUT') return next.handle();
    const clientKey = validKey(request.headers[IDEMPOTENCY_HEADER]);
    if (!clientKey) return next.handle();
    // Callers without a token (public routes) share no keys across client addresses.
    const sub = principalOf(request)?.sub ?? `anonymous:${request.ip ?? ''}`;
    const key = scopedKey(sub, request.method, request.path, clientKey);
    const fingerprint = bodyFingerprint(request.body);
    return from(this.claim(key, fingerprint)).pipe(
      mergeMap((replay) => {
        if (replay) {
          response.status(replay.status).setHeader(IDEMPOTENCY_REPLAYED_HEADER, 'true');
          return of(replay.body);
        }
        return this.runOnce(key, next, response);
      }),
    );
  }

  /** Reserves the key (undefined: run the request) or finds the response to replay. */
  private async claim(key: string, fingerprint: string): Promise<StoredResponse | undefined> {
    const deadline = Date.now() + IDEMPOTENCY_WAIT_MS_MAX;
    for (;;) {
      const outcome = await this.store.reserve(key, fingerprint);
      if (outcome.outcome === 'reserved') return undefined;
      const { record } = outcome;
      if (record.fingerprint !== fingerprint) {
        throw new DomainError(
          'IDEMPOTENCY_MISMATCH',
          'this Idempotency-Key was used with a different request body',
        );
      }
      if (record.state === 'done') return record.response;
      if (Date.now() >= deadline) {
        throw new DomainError('CONCURRENCY_CONFLICT', 'a request with this key is still running');
      }
      await sleep(IDEMPOTENCY_POLL_INTERVAL_MS);
    }
  }

  private runOnce(key: string, next: CallHandler, response: Response): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((body) => from(this.remember(key, response.statusCode, body)).pipe(
        mergeMap(() => of(body)),
      )),
      catchError((error: unknown) => from(this.settleRejection(key, error)).pipe(
        mergeMap(() => throwError(() => error)),
      )),
    );
  }

  private async remember(key: string, status: number, body: unknown): Promise<void> {
    const size = JSON.stringify(body ?? null).length;
    if (size > IDEMPOTENCY_RESPONSE_BYTES_MAX) {
      this.logger.warn({ size }, 'response too large to keep for idempotent replay');
      await this.store.release(key);
      return;
    }
    await this.store.complete(key, { status, body: body ?? null });
  }

  /**
   * A rejection the command itself gave (404, 409 ALREADY_EXISTS, 422) is remembered like a
   * success, as payment APIs do: the key then means that answer, and another body with it is
   * IDEMPOTENCY_MISMATCH. Anything else (invalid input, authorization, a conflict worth
   * retrying, a fault) is forgotten, so that the client may retry with the same key.
   */
  private async settleRejection(key: string, error: unknown): Promise<void> {
    const mapped = mapError(error);
    if (!isRememberedRejection(mapped.body.error.code)) return this.forget(key);
    try {
      await this.store.complete(key, { status: mapped.status, body: mapped.body });
    } catch (storeError) {
      this.logger.error({ err: storeError }, 'could not remember a rejected request');
      await this.forget(key);
    }
  }

  /** A failed request leaves no trace, so that the client may retry with the same key. */
  private async forget(key: string): Promise<void> {
    try {
      await this.store.release(key);
    } catch (error) {
      this.logger.error({ err: error }, 'could not release an idempotency key');
    }
  }
}
