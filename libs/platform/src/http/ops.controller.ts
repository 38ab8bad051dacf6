import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/guard';
import { type Runtime, RUNTIME } from '../runtime/runtime';
import { openApiDocument, registerRoute } from './openapi';

/** Each readiness check must answer within this long. */
export const READINESS_TIMEOUT_MS = 2_000;
export const API_TITLE = 'Sunshine API';
export const API_VERSION = '1.0.0';

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Describes the operational routes in the OpenAPI document. */
export function registerOpsRoutes(): void {
  const ops = { method: 'get' as const, public: true, tags: ['operations'] };
  registerRoute({ ...ops, path: '/health', summary: 'Liveness: the process answers' });
  registerRoute({ ...ops, path: '/ready', summary: 'Readiness: store, database, Redis answer' });
  registerRoute({ ...ops, path: '/metrics', summary: 'Prometheus metrics (text format)' });
  registerRoute({ ...ops, path: '/api/docs', summary: 'This OpenAPI 3 document' });
}

interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

/** Liveness, readiness, Prometheus metrics and the OpenAPI document (SPEC §7). */
@Controller()
@Public()
export class OpsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    const checks: CheckResult[] = await Promise.all(
      this.runtime.readinessChecks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), READINESS_TIMEOUT_MS);
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: error instanceof Error ? error.message : 'failed' };
        }
      }),
    );
    const ready = checks.every((result) => result.ok);
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() response: Response): Promise<void> {
    const body = await this.runtime.metrics.metrics();
    response.status(200).type(this.runtime.metrics.contentType).send(body);
  }

  @Get('api/docs')
  @HttpCode(200)
  docs(): Record<string, unknown> {
    return openApiDocument(API_TITLE, API_VERSION);
  }
}
