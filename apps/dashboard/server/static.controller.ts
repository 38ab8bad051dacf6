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
    if (!existsSync(index)) {
      throw new DomainError('NOT_FOUND', 'the dashboard is not built: npm run build:dashboard');
    }
    res.setHeader('Cache-Control', 'no-cache');
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
