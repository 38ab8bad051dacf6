import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AUDITOR, awaitDemoProjected, DEMO_COUNTY_CODE, postJson, tokenFor } from './api';
import { launchBrowser } from './browser';
import { ensureDashboardBuilt, REPO_ROOT, startHost } from './host';

/**
 * `npm run screenshots`: boots the host with the demo county, signs in as an auditor and
 * saves the main views to docs/screenshots/*.png for the README. Chinese text needs a CJK
 * font on the machine (Debian: fonts-wqy-microhei or fonts-noto-cjk).
 */

const OUT_DIR = join(REPO_ROOT, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 860 };
const STEP_TIMEOUT_MS = 60_000;
const TOWN = `${DEMO_COUNTY_CODE}100`;
const VILLAGE = `${DEMO_COUNTY_CODE}100200`;

interface Shot {
  file: string;
  hash: string;
  /** Something that is on the page only once its data has arrived. */
  ready: (page: Page) => Promise<unknown>;
  /** Long tables are shown as far as the window reaches. */
  viewportOnly?: boolean;
  /** Taken in a browser context that never signed in, as the public sees it. */
  anonymous?: boolean;
}

const SHOTS: Shot[] = [
  {
    file: 'county.png',
    hash: `#/regions/${DEMO_COUNTY_CODE}`,
    ready: (page) => page.locator('[data-testid=retention-chart] svg').waitFor(),
  },
  {
    file: 'village.png',
    hash: `#/regions/${VILLAGE}`,
    ready: (page) => page.locator('[data-testid=retention-chart] svg').waitFor(),
  },
  {
    file: 'idle.png',
    hash: `#/regions/${TOWN}/idle`,
    ready: (page) => page.getByTestId('idle-total').waitFor(),
  },
  {
    file: 'alerts.png',
    hash: '#/alerts?status=open',
    ready: (page) => page.getByTestId('alerts').waitFor(),
  },
  {
    file: 'audit.png',
    hash: `#/villages/${VILLAGE}`,
    ready: (page) => page.getByTestId('integrity').waitFor(),
    viewportOnly: true,
  },
  {
    file: 'household.png',
    hash: `#/households/h-${VILLAGE}-0003`,
    ready: (page) => page.getByTestId('household-name').waitFor(),
    viewportOnly: true,
  },
  {
    file: 'public-village.png',
    hash: `#/public/villages/${VILLAGE}`,
    ready: (page) => page.getByTestId('public-payments').waitFor(),
    viewportOnly: true,
    anonymous: true,
  },
  {
    file: 'public-county.png',
    hash: `#/public/regions/${DEMO_COUNTY_CODE}`,
    ready: (page) => page.getByTestId('metric-receivedFen').waitFor(),
    anonymous: true,
  },
];

async function main(): Promise<void> {
  ensureDashboardBuilt();
  const host = await startHost();
  const browser = await launchBrowser();
  try {
    const token = tokenFor(AUDITOR);
    await awaitDemoProjected(host.baseUrl, token);
    await postJson(host.baseUrl, '/api/alerts/scan', token, {});
    await mkdir(OUT_DIR, { recursive: true });
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${host.baseUrl}/#/signin`);
    await page.getByLabel('访问令牌').waitFor();
    await page.screenshot({ path: join(OUT_DIR, 'signin.png') });
    await page.getByLabel('访问令牌').fill(token);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('session-role').waitFor();
    const publicContext = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
    const publicPage = await publicContext.newPage();
    publicPage.setDefaultTimeout(STEP_TIMEOUT_MS);
    for (const shot of SHOTS) {
      const tab = shot.anonymous ? publicPage : page;
      await tab.goto(`${host.baseUrl}/${shot.hash}`);
      await shot.ready(tab);
      await tab.screenshot({ path: join(OUT_DIR, shot.file), fullPage: !shot.viewportOnly });
      process.stdout.write(`docs/screenshots/${shot.file}\n`);
    }
  } finally {
    await browser.close();
    await host.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
