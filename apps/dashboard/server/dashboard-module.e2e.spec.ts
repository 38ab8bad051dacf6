import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '@sunshine/platform';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { z } from 'zod';
import { DashboardModule, demoPrincipals } from './index';

const tokensAnswer = z.object({
  items: z.array(z.object({ role: z.string(), sub: z.string(), token: z.string() })),
});

const INDEX_HTML = '<!doctype html><title>阳光</title><div id="root"></div>';
const ASSET = 'index-Ab12.js';

async function fakeDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sunshine-dashboard-dist-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX_HTML);
  await writeFile(join(dir, 'assets', ASSET), 'console.log("dashboard")');
  await writeFile(join(dir, 'secret.txt'), 'not an asset');
  return dir;
}

describe('DashboardModule outside production', () => {
  let app: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = await fakeDist();
    app = await startTestApp({
      store: 'embedded',
      modules: (runtime) => [DashboardModule.register(runtime, dist)],
    });
  }, TEST_APP_BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await rm(dist, { recursive: true, force: true });
  }, TEST_HTTP_TIMEOUT_MS);

  it('hands out one verifiable token per sample caller', async () => {
    const response = await app.request('GET', '/api/dev/tokens');
    expect(response.status).toBe(200);
    const { items } = tokensAnswer.parse(response.body);
    expect(items.map((item) => item.role)).toEqual(demoPrincipals().map((p) => p.role));
    for (const item of items) {
      const principal = verifyToken(item.token, app.runtime.config.jwtSecret);
      expect(principal).toEqual(demoPrincipals().find((p) => p.sub === item.sub));
    }
  });

  it('serves the page at / and the built assets without a token', async () => {
    const page = await app.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    const asset = await app.request('GET', `/assets/${ASSET}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers 404 in the error format for anything outside the assets', async () => {
    for (const path of ['/assets/missing-1.js', '/assets/..%2Fsecret.txt', '/assets/x.txt']) {
      const response = await app.request('GET', path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });
});

describe('DashboardModule in production', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      store: 'embedded',
      env: { NODE_ENV: 'production' },
      modules: (runtime) => [DashboardModule.register(runtime, '/nonexistent-dashboard-dist')],
    });
  }, TEST_APP_BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
  }, TEST_HTTP_TIMEOUT_MS);

  it('offers no development tokens and says when the page is not built', async () => {
    expect((await app.request('GET', '/api/dev/tokens')).status).toBe(404);
    const page = await app.request('GET', '/');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('npm run build:dashboard');
    expect(page.body).toContain('href="/api/docs"');
  });
});
