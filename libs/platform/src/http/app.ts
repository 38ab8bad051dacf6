import {
  type DynamicModule,
  type INestApplication,
  Module,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AuthGuard, JWT_SECRET } from '../auth/guard';
import { IDEMPOTENCY_STORE, IdempotencyInterceptor } from '../idempotency/interceptor';
import { httpMetrics } from '../observability/metrics';
import { type Runtime, RUNTIME } from '../runtime/runtime';
import { DomainExceptionFilter, mapError } from './exception-filter';
import { IN_FLIGHT_REQUESTS, InFlightRequests } from './in-flight';
import { OpsController, registerOpsRoutes } from './ops.controller';
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

/**
 * Body parsing with a named limit; parser failures (malformed JSON, too large) are answered
 * in the error format here, because they happen before Nest routes the request.
 */
function jsonBodyParser(runtime: Runtime) {
  const parse = express.json({ limit: JSON_BODY_LIMIT_BYTES });
  return (request: Request, response: Response, next: NextFunction): void => {
    parse(request, response, (error?: unknown) => {
      if (!error) return next();
      const mapped = mapError(error);
      runtime.logger.info({ status: mapped.status, path: request.path }, 'body refused');
      response.status(mapped.status).json(mapped.body);
    });
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
  app.use(inFlight.middleware());
  app.use(httpMetrics(runtime.metrics).middleware);
  app.use(requestLog(runtime));
  app.use(jsonBodyParser(runtime));
  return app;
}
