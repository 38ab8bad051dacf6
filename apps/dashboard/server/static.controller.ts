import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { DomainError } from '@sunshine/domain';
import { Public } from '@sunshine/platform';
import type { Response } from 'express';

/** Nest token of the directory holding the built dashboard (`apps/dashboard/dist`). */
export const DASHBOARD_DIST_DIR = 'SUNSHINE_DASHBOARD_DIST_DIR';

/** Built assets carry a content hash in their names, so browsers may keep them long. */
const ASSET_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/** Vite names its output `name-hash.ext`; anything else under /assets is not ours. */
const ASSET_NAME = /^[\w.-]{1,200}\.(js|css|svg|png|woff2?)$/;

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>阳光 Sunshine</title></head><body><h1>阳光 Sunshine</h1>
<p>The dashboard is not built here (npm run build:dashboard). The API answers:</p>
<ul><li><a href="/api/docs">/api/docs</a> (OpenAPI)</li><li><a href="/health">/health</a></li>
<li><a href="/ready">/ready</a></li><li><a href="/metrics">/metrics</a></li></ul></body></html>`;

/**
 * Serves the single-page app: `index.html` at `/` (its views live behind `#/...`, so no
 * other page path is needed) and the hashed files under `/assets/`.
 */
@Controller()
@Public()
export class DashboardStaticController {
  constructor(@Inject(DASHBOARD_DIST_DIR) private readonly distDir: string) {}

  @Get()
  index(@Res() res: Response): void {
    const index = join(this.distDir, 'index.html');
    res.setHeader('Cache-Control', 'no-cache');
    // Without a build (an image installed without dev tools), a person still finds the API.
    if (!existsSync(index)) return void res.status(404).type('html').send(NOT_BUILT_PAGE);
    res.sendFile(index);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const assetsDir = resolve(this.distDir, 'assets');
    const file = resolve(assetsDir, name);
    if (!ASSET_NAME.test(name) || !file.startsWith(assetsDir) || !existsSync(file)) {
      throw new DomainError('NOT_FOUND', `no dashboard asset ${name}`);
    }
    res.sendFile(file, { maxAge: ASSET_MAX_AGE_MS, immutable: true });
  }
}
