import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * The dashboard is a static single-page app built into `apps/dashboard/dist`; the host
 * serves it at `/` next to the API. Without a build, `/` answers a page of links instead.
 */

const API_PREFIXES = ['/api', '/health', '/ready', '/metrics'];

export function dashboardDir(env: Record<string, string | undefined>): string {
  return env.SUNSHINE_DASHBOARD_DIR ?? resolve(__dirname, '../../dashboard/dist');
}

function isPageRequest(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (API_PREFIXES.some((prefix) => request.path.startsWith(prefix))) return false;
  return request.accepts(['html', 'json']) === 'html';
}

const LINKS_PAGE = `<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>Sunshine 阳光</title></head><body><h1>Sunshine 阳光</h1>
<p>The dashboard is not built (npm run build in apps/dashboard). The API answers:</p>
<ul><li><a href="/api/docs">/api/docs</a> (OpenAPI)</li><li><a href="/health">/health</a></li>
<li><a href="/ready">/ready</a></li><li><a href="/metrics">/metrics</a></li></ul></body></html>`;

export function serveDashboard(app: INestApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  if (built) app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!isPageRequest(request)) return next();
    if (built) return response.sendFile(index);
    if (request.path !== '/') return next();
    response.type('html').send(LINKS_PAGE);
  });
  return built;
}
