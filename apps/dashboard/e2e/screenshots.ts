import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Principal } from '@sunshine/platform';
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
  /** Signed in as this role instead of the auditor, to show that role's forms. */
  as?: 'finance' | 'project_manager';
  /** Also taken at phone size, as `phone-<file>`. */
  phone?: boolean;
}

const PHONE_VIEWPORT = { width: 390, height: 844 };
const ROLES: Record<'finance' | 'project_manager', Principal> = {
  finance: { sub: 'demo-finance', role: 'finance', regions: [DEMO_COUNTY_CODE] },
  project_manager: { sub: 'demo-manager', role: 'project_manager', regions: [DEMO_COUNTY_CODE] },
};

const SHOTS: Shot[] = [
  {
    file: 'county.png',
    hash: `#/regions/${DEMO_COUNTY_CODE}`,
    ready: (page) => page.locator('[data-testid=retention-chart] svg').waitFor(),
    phone: true,
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
    viewportOnly: true,
    phone: true,
  },
  {
    file: 'alert.png',
    hash: '#/alerts?status=open',
    ready: async (page) => {
      await page.getByTestId('alerts').locator('tbody tr a').first().click();
      await page.getByTestId('handling-record').waitFor();
    },
    phone: true,
  },
  {
    file: 'funds.png',
    hash: '#/funds',
    ready: (page) => page.getByTestId('funds').waitFor(),
    viewportOnly: true,
    as: 'finance',
  },
  {
    file: 'fund.png',
    hash: `#/funds/f-${DEMO_COUNTY_CODE}-0002`,
    ready: (page) => page.getByTestId('form-payment').waitFor(),
    as: 'finance',
    phone: true,
  },
  {
    file: 'project.png',
    hash: `#/projects/p-${DEMO_COUNTY_CODE}-0002`,
    ready: (page) => page.getByTestId('form-stage').waitFor(),
    as: 'project_manager',
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
    phone: true,
  },
  {
    file: 'public-county.png',
    hash: `#/public/regions/${DEMO_COUNTY_CODE}`,
    ready: (page) => page.getByTestId('metric-receivedFen').waitFor(),
    anonymous: true,
  },
];

async function signedInTab(browser: Browser, baseUrl: string, token: string, phone: boolean) {
  const viewport = phone ? PHONE_VIEWPORT : VIEWPORT;
  const page = await browser.newPage({ viewport, locale: 'zh-CN' });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(`${baseUrl}/#/signin`);
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('session-role').waitFor();
  return page;
}

async function take(browser: Browser, baseUrl: string, shot: Shot, phone: boolean) {
  const token = tokenFor(shot.as ? ROLES[shot.as] : AUDITOR);
  const tab = shot.anonymous
    ? await browser.newPage({ viewport: phone ? PHONE_VIEWPORT : VIEWPORT, locale: 'zh-CN' })
    : await signedInTab(browser, baseUrl, token, phone);
  tab.setDefaultTimeout(STEP_TIMEOUT_MS);
  await tab.goto(`${baseUrl}/${shot.hash}`);
  await shot.ready(tab);
  await tab.waitForLoadState('networkidle');
  const file = phone ? `phone-${shot.file}` : shot.file;
  await tab.screenshot({ path: join(OUT_DIR, file), fullPage: !shot.viewportOnly });
  process.stdout.write(`docs/screenshots/${file}\n`);
  await tab.close();
}

async function main(): Promise<void> {
  ensureDashboardBuilt();
  const host = await startHost();
  const browser = await launchBrowser();
  try {
    const token = tokenFor(AUDITOR);
    await awaitDemoProjected(host.baseUrl, token);
    await postJson(host.baseUrl, '/api/alerts/scan', token, {});
    await mkdir(OUT_DIR, { recursive: true });
    const signin = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
    await signin.goto(`${host.baseUrl}/#/signin`);
    await signin.getByLabel('访问令牌').waitFor();
    await signin.screenshot({ path: join(OUT_DIR, 'signin.png') });
    await signin.close();
    for (const shot of SHOTS) {
      await take(browser, host.baseUrl, shot, false);
      if (shot.phone) await take(browser, host.baseUrl, shot, true);
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
