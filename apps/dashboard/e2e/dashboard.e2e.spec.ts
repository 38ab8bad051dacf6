import type { Browser, Page } from 'playwright-core';
import { z } from 'zod';
import { formatRate, formatYuan, ID_NUMBER_PATTERN } from '../src/format';
import {
  AUDITOR,
  awaitDemoProjected,
  DEMO_COUNTY_CODE,
  getJson,
  postJson,
  regionSummary,
  type Summary,
  tokenFor,
} from './api';
import { launchBrowser } from './browser';
import { ensureDashboardBuilt, type Host, startHost } from './host';

/** Build, host start, projection and browser launch on a shared 2-core machine. */
const SETUP_TIMEOUT_MS = 600_000;
const STEP_TIMEOUT_MS = 30_000;
/** One browser test: several page loads, each waiting for the API. */
const TEST_TIMEOUT_MS = 120_000;

let host: Host;
let browser: Browser;
const auditorToken = tokenFor(AUDITOR);

beforeAll(async () => {
  ensureDashboardBuilt();
  host = await startHost();
  await awaitDemoProjected(host.baseUrl, auditorToken);
  await postJson(host.baseUrl, '/api/alerts/scan', auditorToken, {});
  browser = await launchBrowser();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
}, STEP_TIMEOUT_MS * 2);

async function signedInPage(token: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(`${host.baseUrl}/#/signin`);
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('session-role').waitFor();
  return page;
}

/** Reads the headline cards and checks each against the API's integer or rate. */
async function expectCardsMatch(page: Page, expected: Summary): Promise<void> {
  for (const field of ['receivedFen', 'disbursedFen', 'retainedFen'] as const) {
    const card = page.getByTestId(`metric-${field}`);
    await expect(card.getAttribute('data-fen')).resolves.toBe(String(expected[field]));
    const text = (await card.textContent()) ?? '';
    expect(text).toBe(formatYuan(expected[field]));
    // Independently of the formatter: the digits shown are the fen, to the last one.
    expect(text.replace(/\D/g, '').replace(/^0+(?=\d)/, '')).toBe(String(expected[field]));
  }
  for (const field of ['retentionRate', 'stuckFundRate'] as const) {
    await expect(page.getByTestId(`metric-${field}`).textContent()).resolves.toBe(
      formatRate(expected[field]),
    );
  }
}

async function openRegion(page: Page, code: string): Promise<Summary> {
  const expected = await regionSummary(host.baseUrl, code, auditorToken);
  await page.waitForFunction((c) => window.location.hash.startsWith(`#/regions/${c}`), code);
  // The level and code appear in the title only once this region's summary has arrived.
  await page.getByTestId('region-title').filter({ hasText: `· ${code}` }).waitFor();
  await expectCardsMatch(page, expected);
  return expected;
}

describe('the dashboard in a browser against the one-process host', () => {
  it('drills down from the county to a village and shows the figures the API answers', async () => {
    const page = await signedInPage(auditorToken);
    const county = await openRegion(page, DEMO_COUNTY_CODE);
    const town = county.children[0];
    expect(town).toBeDefined();
    await page.getByTestId(`child-${town!.regionCode}`).getByRole('link').first().click();
    const townSummary = await openRegion(page, town!.regionCode);
    expect(townSummary.receivedFen).toBe(town!.receivedFen);
    const village = townSummary.children[0];
    expect(village).toBeDefined();
    await page.getByTestId(`child-${village!.regionCode}`).getByRole('link').first().click();
    await openRegion(page, village!.regionCode);
    // The as-of series has drawn its lines (one summary per month end).
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=retention-chart] svg path').length > 0,
    );
    await page.close();
  }, TEST_TIMEOUT_MS);

  it('shows the village audit history with the integrity verdict of the hash chains', async () => {
    const villageCode = `${DEMO_COUNTY_CODE}100200`;
    const history = z
      .object({
        integrity: z.object({ verified: z.boolean(), streams: z.number() }),
        entries: z.array(z.object({ balanceFen: z.number() })),
      })
      .parse(await getJson(host.baseUrl, `/api/ledger/villages/${villageCode}/history`,
        auditorToken));
    const page = await signedInPage(auditorToken);
    await page.goto(`${host.baseUrl}/#/regions/${villageCode}`);
    await page.getByTestId('audit-link').click();
    const verdict = page.getByTestId('integrity');
    await expect(verdict.getAttribute('data-verified')).resolves.toBe(
      String(history.integrity.verified),
    );
    await expect(verdict.textContent()).resolves.toContain(`${history.integrity.streams} 条事件流`);
    const balance = history.entries[history.entries.length - 1]?.balanceFen ?? 0;
    await expect(page.getByTestId('village-balance').getAttribute('data-fen')).resolves.toBe(
      String(balance),
    );
    await expect(page.getByTestId('history').locator('tbody tr').count()).resolves.toBe(
      history.entries.length,
    );

    const householdLink = page.getByTestId('history').locator('a[href^="#/households/"]').first();
    const householdId = ((await householdLink.getAttribute('href')) ?? '').split('/').pop()!;
    const timeline = z
      .object({ maskedName: z.string() })
      .parse(await getJson(host.baseUrl, `/api/ledger/households/${householdId}/timeline`,
        auditorToken));
    await householdLink.click();
    await expect(page.getByTestId('household-name').textContent()).resolves.toBe(
      timeline.maskedName,
    );
    await page.close();
  }, TEST_TIMEOUT_MS);

  it('lets an auditor acknowledge and then resolve an open alert from the inbox', async () => {
    const page = await signedInPage(auditorToken);
    await page.goto(`${host.baseUrl}/#/alerts?status=open`);
    const firstRow = page.getByTestId('alerts').locator('tbody tr').first();
    const testId = (await firstRow.getAttribute('data-testid')) ?? '';
    const alertId = testId.replace(/^alert-/, '');
    expect(alertId).not.toBe('');
    await firstRow.getByLabel('处理意见').fill('已核实，转纪委');
    await firstRow.getByTestId('acknowledge').click();
    await page.getByTestId(testId).waitFor({ state: 'detached' });
    const alert = z
      .object({ status: z.string(), acknowledged: z.object({ by: z.string(), note: z.string() }) })
      .parse(await getJson(host.baseUrl, `/api/alerts/${alertId}`, auditorToken));
    expect(alert.status).toBe('acknowledged');
    expect(alert.acknowledged).toEqual({ by: AUDITOR.sub, note: '已核实，转纪委' });

    await page.goto(`${host.baseUrl}/#/alerts?status=acknowledged`);
    const row = page.getByTestId(testId);
    await row.getByLabel('办结结论').selectOption('false_positive');
    await row.getByTestId('resolve').click();
    await row.waitFor({ state: 'detached' });
    const resolved = z
      .object({ status: z.string(), resolved: z.object({ resolution: z.string() }) })
      .parse(await getJson(host.baseUrl, `/api/alerts/${alertId}`, auditorToken));
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolved: { resolution: 'false_positive' },
    });
    await page.close();
  }, TEST_TIMEOUT_MS);

  it('shows the idle money of a town as the summary counts it', async () => {
    const townCode = `${DEMO_COUNTY_CODE}100`;
    const expected = z
      .object({ idleFen: z.number() })
      .parse(await getJson(host.baseUrl, `/api/ledger/regions/${townCode}/summary`,
        auditorToken));
    const page = await signedInPage(auditorToken);
    await page.goto(`${host.baseUrl}/#/regions/${townCode}/idle`);
    await expect(page.getByTestId('idle-total').getAttribute('data-fen')).resolves.toBe(
      String(expected.idleFen),
    );
    await page.close();
  }, TEST_TIMEOUT_MS);

  it('shows the public village page without login and without any id number', async () => {
    const villageCode = `${DEMO_COUNTY_CODE}100200`;
    const expected = z
      .object({ payments: z.array(z.object({ householdName: z.string() })) })
      .parse(await getJson(host.baseUrl, `/api/public/villages/${villageCode}`));
    expect(expected.payments.length).toBeGreaterThan(0);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${host.baseUrl}/#/public/villages/${villageCode}`);
    const rows = page.getByTestId('public-payments').locator('tbody tr');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(expected.payments.length);
    await expect(page.getByTestId('session-role').count()).resolves.toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain(expected.payments[0]!.householdName);
    expect(text).toMatch(/\*/);
    expect(await page.content()).not.toMatch(ID_NUMBER_PATTERN);
    expect(text).not.toMatch(ID_NUMBER_PATTERN);
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('offers the development roles exactly when the host serves development tokens', async () => {
    const served = (await fetch(`${host.baseUrl}/api/dev/tokens`)).ok;
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${host.baseUrl}/#/signin`);
    await page.getByLabel('访问令牌').waitFor();
    if (!served) {
      // Give the page the time it would need to show the roles, then find none.
      await page.waitForLoadState('networkidle');
      await expect(page.getByTestId('dev-roles').count()).resolves.toBe(0);
    } else {
      await page.getByTestId('dev-role-auditor').click();
      await page.getByTestId('session-role').waitFor();
      await expect(page.getByTestId('session-role').textContent()).resolves.toContain('审计');
    }
    await page.close();
  }, TEST_TIMEOUT_MS);
});
