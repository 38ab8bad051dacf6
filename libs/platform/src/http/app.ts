import {
  type DynamicModule,
  type INestApplication,
  Module,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { isUtf8 } from 'node:buffer';
import type { ErrorDetail } from '@sunshine/domain';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AuthGuard, JWT_SECRET } from '../auth/guard';
import { IDEMPOTENCY_STORE, IdempotencyInterceptor } from '../idempotency/interceptor';
import { httpMetrics } from '../observability/metrics';
import { type Runtime, RUNTIME } from '../runtime/runtime';
import { DomainExceptionFilter, mapError, type MappedError } from './exception-filter';
import { JSON_DEPTH_MAX, jsonNestsDeeperThan, unsafeTextDetails } from './hostile-input';
import { IN_FLIGHT_REQUESTS, InFlightRequests } from './in-flight';
import { OpsController, registerOpsRoutes } from './ops.controller';
import { securityHeaders } from './security-headers';
import { uploadReader } from './upload';
import { RUNTIME_LOGGER } from './tokens';

/** Request bodies above this are refused with 413 before any handler runs. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Global pieces of every Sunshine HTTP app: the runtime, the error filter, the auth guard,
 * the idempotency interceptor and the operational routes.
 */
@Module({})
export class PlatformModule {
  static register(runtime: Runtime, inFlight = new InFlightRequests()): DynamicModule {
    registerOpsRoutes();
    return {
      module: PlatformModule,
      global: true,
      controllers: [OpsController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: RUNTIME_LOGGER, useValue: runtime.logger },
        { provide: JWT_SECRET, useValue: runtime.config.jwtSecret },
        { provide: IDEMPOTENCY_STORE, useValue: runtime.idempotency },
        { provide: IN_FLIGHT_REQUESTS, useValue: inFlight },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        // First, so that it wraps the others and counts a handler until all of them settle.
        { provide: APP_INTERCEPTOR, useValue: inFlight.interceptor() },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [RUNTIME, RUNTIME_LOGGER, JWT_SECRET, IDEMPOTENCY_STORE],
    };
  }
}

/** Content codings a body may arrive in; body-parser inflates them within the size limit. */
export const CONTENT_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

/** A body refused by the checks that run before it is parsed. */
class RefusedBody extends Error {
  constructor(
    readonly answer: MappedError,
  ) {
    super(answer.body.error.message);
  }
}

const refused = (status: number, code: string, message: string, details: ErrorDetail[] = []) =>
  new RefusedBody({ status, body: { error: { code, message, details } } });

/**
 * Runs on the raw bytes before JSON.parse: only UTF-8, well-formed UTF-8 only, and no
 * nesting deeper than JSON_DEPTH_MAX, so that no later step (the idempotency fingerprint,
 * validation) walks an unbounded structure.
 */
function verifyRawBody(_request: Request, _response: Response, bytes: Buffer, charset: string) {
  if (charset !== 'utf-8' && charset !== 'utf8') {
    throw refused(415, 'UNSUPPORTED_MEDIA_TYPE', 'JSON bodies must be UTF-8');
  }
  if (!isUtf8(bytes)) {
    throw refused(400, 'VALIDATION_FAILED', 'the request body is not valid UTF-8');
  }
  if (jsonNestsDeeperThan(bytes, JSON_DEPTH_MAX)) {
    throw refused(400, 'VALIDATION_FAILED', `JSON may nest at most ${JSON_DEPTH_MAX} levels`);
  }
}

/** Any failure to read or parse a body is the client's: a broken gzip stream is a 400. */
function parserError(error: unknown): MappedError {
  if (error instanceof RefusedBody) return error.answer;
  const mapped = mapError(error);
  if (mapped.status < 500) return mapped;
  return refused(400, 'VALIDATION_FAILED', 'malformed request body').answer;
}

/**
 * Body parsing with a named limit; parser failures (unknown coding, malformed JSON, too
 * large) are answered in the error format here, because they happen before Nest routes the
 * request, and before authentication.
 */
function jsonBodyParser(runtime: Runtime) {
  const parse = express.json({
    limit: JSON_BODY_LIMIT_BYTES,
    verify: verifyRawBody,
  });
  const answer = (request: Request, response: Response, mapped: MappedError) => {
    runtime.logger.info({ status: mapped.status, path: request.path }, 'body refused');
    response.status(mapped.status).json(mapped.body);
  };
  return (request: Request, response: Response, next: NextFunction): void => {
    const coding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!(CONTENT_ENCODINGS as readonly string[]).includes(coding)) {
      const message = `Content-Encoding must be one of ${CONTENT_ENCODINGS.join(', ')}`;
      answer(request, response, refused(415, 'UNSUPPORTED_MEDIA_TYPE', message).answer);
      return;
    }
    parse(request, response, (error?: unknown) => {
      if (error) return answer(request, response, parserError(error));
      const details = unsafeTextDetails(request.body);
      if (details.length === 0) return next();
      const mapped = refused(400, 'VALIDATION_FAILED', 'the request is not valid', details);
      answer(request, response, mapped.answer);
    });
  };
}

/** Query parameters pass the same text check as bodies, before any route reads them. */
function queryGuard() {
  return (request: Request, response: Response, next: NextFunction): void => {
    const details = unsafeTextDetails(request.query);
    if (details.length === 0) return next();
    const mapped = refused(400, 'VALIDATION_FAILED', 'the request is not valid', details);
    response.status(mapped.answer.status).json(mapped.answer.body);
  };
}

/** One line per request, without bodies or query strings. */
function requestLog(runtime: Runtime) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const startedAt = Date.now();
    response.on('finish', () => {
      runtime.logger.info(
        {
          method: request.method,
          path: request.path,
          status: response.statusCode,
          durationMs: Date.now() - startedAt,
        },
        'request',
      );
    });
    next();
  };
}

export type AppModule = Type<unknown> | DynamicModule;

/**
 * A Nest app serving `modules` on top of the platform; call `listen` on the result. The
 * requests it counts in `inFlight` are what a stop waits for (serve.ts).
 */
export async function createHttpApp(
  modules: AppModule[],
  runtime: Runtime,
  inFlight = new InFlightRequests(),
): Promise<INestApplication> {
  @Module({ imports: [PlatformModule.register(runtime, inFlight), ...modules] })
  class RootModule {}

  const app = await NestFactory.create(RootModule, { bodyParser: false, logger: false });
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');
  app.use(inFlight.middleware());
  app.use(httpMetrics(runtime.metrics).middleware);
  app.use(requestLog(runtime));
  app.use(securityHeaders());
  app.use(queryGuard());
  app.use(uploadReader(runtime));
  app.use(jsonBodyParser(runtime));
  return app;
}
