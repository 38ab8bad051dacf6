import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signToken } from '@sunshine/platform';
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
import { PHONE, pageProblems, settled, VIEWPORTS } from './page-checks';

/** Build, host start, projection and browser launch on a shared 2-core machine. */
const SETUP_TIMEOUT_MS = 600_000;
const STEP_TIMEOUT_MS = 30_000;
/** One browser test: several page loads, each waiting for the API. */
const TEST_TIMEOUT_MS = 120_000;
const VILLAGE = `${DEMO_COUNTY_CODE}100200`;
const TOWN = `${DEMO_COUNTY_CODE}100`;

let host: Host;
let browser: Browser;
const auditorToken = tokenFor(AUDITOR);
const tokens = {
  auditor: auditorToken,
  finance: tokenFor({ sub: 'e2e-finance', role: 'finance', regions: [DEMO_COUNTY_CODE] }),
  registrar: tokenFor({ sub: 'e2e-registrar', role: 'registrar', regions: [DEMO_COUNTY_CODE] }),
  project_manager: tokenFor({
    sub: 'e2e-manager',
    role: 'project_manager',
    regions: [DEMO_COUNTY_CODE],
  }),
};

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

type Viewport = { width: number; height: number };

/** A fresh tab of its own; the checks inject axe-core, which the page's CSP would refuse. */
async function newTab(viewport: Viewport = VIEWPORTS[0][1]): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return [context, page];
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('session-role').waitFor();
}

async function signedInTab(token: string, viewport?: Viewport): Promise<[BrowserContext, Page]> {
  const [context, page] = await newTab(viewport);
  await page.goto(`${host.baseUrl}/#/signin`);
  await signIn(page, token);
  return [context, page];
}

const menuLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name, exact: true });

async function visit(page: Page, hash: string): Promise<void> {
  await page.goto(`${host.baseUrl}/${hash}`);
  await settled(page);
}

async function expectPageSound(page: Page, what: string): Promise<void> {
  expect([what, await pageProblems(page)]).toEqual([what, []]);
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

const fundState = z.object({
  allocations: z.array(
    z.object({
      allocationId: z.string(),
      villageCode: z.string(),
      target: z.object({ type: z.string() }),
      remainingFen: z.number(),
    }),
  ),
});

/**
 * A fund on the first page of the fund list (50 in id order, as the page shows them) with a
 * village allocation that still holds at least `fen`.
 */
async function fundWithRemainder(fen: number) {
  const funds = z
    .object({ items: z.array(z.object({ fundId: z.string() })) })
    .parse(await getJson(host.baseUrl, '/api/ledger/funds?limit=50', auditorToken));
  for (const { fundId } of funds.items) {
    const fund = fundState.parse(await getJson(host.baseUrl, `/api/funds/${fundId}`, auditorToken));
    const allocation = fund.allocations.find(
      (a) => a.target.type === 'village' && a.remainingFen >= fen,
    );
    if (allocation) return { fundId, allocation };
  }
  throw new Error(`no demo allocation holds ${fen} fen`);
}

describe('the dashboard in a browser against the one-process host', () => {
  it('drills down from the county to a village and shows the figures the API answers', async () => {
    const [context, page] = await signedInTab(auditorToken);
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
    // The breadcrumbs name the county and the town above the village.
    await expect(page.getByTestId('crumbs').innerText()).resolves.toContain(
      `${county.regionCode}`,
    );
    await page.getByTestId('crumbs').getByRole('link', { name: new RegExp(town!.regionCode) })
      .waitFor();
    // The as-of series has drawn its lines (one summary per month end) with a table beside.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=retention-chart] svg path').length > 0,
    );
    await expect(page.getByTestId('retention-table').locator('tbody tr').count()).resolves.toBe(
      24,
    );
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('shows the village audit history with the integrity verdict of the hash chains', async () => {
    const history = z
      .object({
        integrity: z.object({ verified: z.boolean(), streams: z.number() }),
        entries: z.array(z.object({ balanceFen: z.number() })),
      })
      .parse(await getJson(host.baseUrl, `/api/ledger/villages/${VILLAGE}/history`, auditorToken));
    const [context, page] = await signedInTab(auditorToken);
    await page.goto(`${host.baseUrl}/#/regions/${VILLAGE}`);
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
    // Long histories come in pages of 100 rows.
    await expect(page.getByTestId('history').locator('tbody tr').count()).resolves.toBe(
      Math.min(history.entries.length, 100),
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
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('shows the public village page without login or id numbers, with sources', async () => {
    const expected = z
      .object({
        payments: z.array(z.object({ householdName: z.string() })),
        sources: z.array(z.object({ fundName: z.string() })),
      })
      .parse(await getJson(host.baseUrl, `/api/public/villages/${VILLAGE}`));
    expect(expected.payments.length).toBeGreaterThan(0);
    const [context, page] = await newTab();
    await page.goto(`${host.baseUrl}/#/public/villages/${VILLAGE}`);
    const rows = page.getByTestId('public-payments').locator('tbody tr');
    await rows.first().waitFor();
    // Fifty rows a page; the pager says how many there are in all.
    await expect(rows.count()).resolves.toBe(Math.min(expected.payments.length, 50));
    if (expected.payments.length > 50) {
      await page.getByRole('navigation', { name: '分页' })
        .getByText(`共 ${expected.payments.length} 条`).waitFor();
    }
    await expect(page.getByTestId('session-role').count()).resolves.toBe(0);
    await expect(page.getByTestId('public-sources').innerText()).resolves.toContain(
      expected.sources[0]!.fundName,
    );
    const text = await page.locator('body').innerText();
    expect(text).toContain(expected.payments[0]!.householdName);
    expect(text).toMatch(/\*/);
    expect(await page.content()).not.toMatch(ID_NUMBER_PATTERN);
    expect(text).not.toMatch(ID_NUMBER_PATTERN);
    // Up to the town and the county.
    await page.getByTestId('crumbs').getByRole('link', { name: new RegExp(TOWN) }).click();
    await page.waitForFunction((t) => window.location.hash === `#/public/regions/${t}`, TOWN);
    // A region that does not exist is a 404, not a page of zeros.
    await page.goto(`${host.baseUrl}/#/public/regions/320899`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('¥0.00');
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('offers the development roles exactly when the host serves development tokens', async () => {
    const served = (await fetch(`${host.baseUrl}/api/dev/tokens`)).ok;
    const [context, page] = await newTab();
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
    await context.close();
  }, TEST_TIMEOUT_MS);
});

describe('every page on a desktop and on a phone', () => {
  const signedInPages = [
    `#/regions/${DEMO_COUNTY_CODE}`,
    `#/regions/${VILLAGE}`,
    `#/regions/${TOWN}/idle`,
    `#/villages/${VILLAGE}`,
    '#/alerts?status=open',
    '#/funds',
    '#/funds/f-320826-0001',
    '#/projects',
    '#/projects/p-320826-0002',
    '#/households',
    `#/households/h-${VILLAGE}-0003`,
    '#/nowhere',
  ];
  const publicPages = [
    `#/public/regions/${DEMO_COUNTY_CODE}`,
    `#/public/villages/${VILLAGE}`,
    '#/public/regions/320899',
    '#/signin',
  ];

  /** Every page at one window size: what is wrong with each, page by page. */
  async function sweep(viewport: Viewport, alertPage: string): Promise<string[]> {
    const problems: string[] = [];
    const check = async (page: Page, hash: string) => {
      await visit(page, hash);
      for (const problem of await pageProblems(page)) {
        problems.push(`${viewport.width}px ${hash}: ${problem}`);
      }
    };
    const [context, page] = await signedInTab(auditorToken, viewport);
    for (const hash of [...signedInPages, alertPage]) await check(page, hash);
    await context.close();
    const [anonymous, publicPage] = await newTab(viewport);
    for (const hash of publicPages) await check(publicPage, hash);
    await anonymous.close();
    return problems;
  }

  it('fit the window and pass axe-core at 1440 and at 390 px', async () => {
    const alerts = z
      .object({ items: z.array(z.object({ alertId: z.string() })) })
      .parse(await getJson(host.baseUrl, '/api/alerts?limit=1', auditorToken));
    const alertPage = `#/alerts/${alerts.items[0]!.alertId}`;
    // The two window sizes are swept side by side: most of the time is spent waiting.
    const problems = await Promise.all(VIEWPORTS.map(([, viewport]) => sweep(viewport, alertPage)));
    expect(problems.flat()).toEqual([]);
  }, TEST_TIMEOUT_MS * 2);
});

describe.each(VIEWPORTS)('each role does its work on a %s', (label, viewport) => {
  it('finance records a household payment and sees the remainder fall', async () => {
    const { fundId, allocation } = await fundWithRemainder(200);
    const [context, page] = await signedInTab(tokens.finance, viewport);
    await menuLink(page, '资金').click();
    await page.getByTestId(`fund-${fundId}`).getByRole('link').click();
    const form = page.getByTestId('form-payment');
    await form.getByLabel('分配').selectOption(allocation.allocationId);
    await form.getByLabel('农户编号').fill(`h-${allocation.villageCode}-0001`);
    await form.getByLabel('金额（元）').fill('1.00');
    await form.getByLabel('凭证号').fill(`E2E-${label}`);
    await settled(page);
    await expectPageSound(page, `fund page of ${fundId} with its forms`);
    await form.getByRole('button', { name: '发放' }).click();
    await form.getByTestId('form-done').waitFor();
    const row = page.getByTestId(`allocation-${allocation.allocationId}`);
    const fallen = formatYuan(allocation.remainingFen - 100);
    await row.getByTestId('remaining').filter({ hasText: fallen }).waitFor();
    const after = fundState.parse(
      await getJson(host.baseUrl, `/api/funds/${fundId}`, auditorToken),
    );
    const changed = after.allocations.find((a) => a.allocationId === allocation.allocationId);
    expect(changed?.remainingFen).toBe(allocation.remainingFen - 100);
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('the poverty office registers a household and finds it again', async () => {
    const householdId = `h-e2e-${label}`;
    const [context, page] = await signedInTab(tokens.registrar, viewport);
    await menuLink(page, '农户').click();
    const form = page.getByTestId('form-household');
    await form.getByLabel('农户编号').fill(householdId);
    await form.getByLabel('村代码').fill(VILLAGE);
    await form.getByLabel('户主姓名').fill('王建华');
    await form.getByLabel('身份证号').fill('320826199001011234');
    await form.getByLabel('人口').fill('4');
    await expectPageSound(page, 'household registration form');
    await form.getByRole('button', { name: '登记' }).click();
    await page.getByTestId('household-name').filter({ hasText: '王*华' }).waitFor();
    await menuLink(page, '农户').click();
    await page.getByLabel('农户编号', { exact: true }).fill(householdId);
    await page.getByRole('button', { name: '查找' }).click();
    await page.waitForFunction((id) => window.location.hash === `#/households/${id}`, householdId);
    await expect(page.getByTestId('household-status').innerText()).resolves.toContain('未脱贫');
    await settled(page);
    await expectPageSound(page, 'household page with its forms');
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('a project manager registers a project and advances its stage with evidence', async () => {
    const projectId = `p-e2e-${label}`;
    const [context, page] = await signedInTab(tokens.project_manager, viewport);
    await menuLink(page, '项目').click();
    const register = page.getByTestId('form-project');
    await register.getByLabel('项目编号').fill(projectId);
    await register.getByLabel('项目名称').fill('光伏扶贫电站');
    await register.getByLabel('村代码').fill(VILLAGE);
    await register.getByLabel('项目类别').fill('产业');
    await register.getByLabel('预算（元）').fill('250000');
    await register.getByRole('button', { name: '立项' }).click();
    await page.getByTestId('project-stage').filter({ hasText: '调研' }).waitFor();
    const stage = page.getByTestId('form-stage');
    await stage.getByLabel(/选择文件/).setInputFiles({
      name: '可研报告.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('feasibility study'),
    });
    // The browser hashes the file and writes "name sha256" into the evidence lines.
    await page.waitForFunction(() => {
      const lines = document.querySelector<HTMLTextAreaElement>(
        '[data-testid=form-stage] textarea',
      );
      return /[0-9a-f]{64}/.test(lines?.value ?? '');
    });
    await settled(page);
    await expectPageSound(page, 'project page with its forms');
    await stage.getByRole('button', { name: '推进' }).click();
    await page.locator('[data-testid=project-stage][data-stage=feasibility]').waitFor();
    const project = z
      .object({ stage: z.string(), stages: z.array(z.object({ stage: z.string() })) })
      .parse(await getJson(host.baseUrl, `/api/ledger/projects/${projectId}`, auditorToken));
    expect(project.stage).toBe('feasibility');
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('an auditor acknowledges and resolves an alert and sees its handling record', async () => {
    const [context, page] = await signedInTab(auditorToken, viewport);
    await menuLink(page, '预警').click();
    const firstRow = page.getByTestId('alerts').locator('tbody tr').first();
    const alertId = ((await firstRow.getAttribute('data-testid')) ?? '').replace(/^alert-/, '');
    expect(alertId).not.toBe('');
    await firstRow.getByRole('link').first().click();
    await page.getByTestId('handling-record').waitFor();
    const note = `已核实，转纪委（${label}）`;
    await page.getByLabel('处理意见').fill(note);
    await page.getByTestId('acknowledge').click();
    await page.getByTestId('handling-record').filter({ hasText: note }).waitFor();
    await page.getByLabel('办结结论').selectOption('rectified');
    await page.getByTestId('resolve').click();
    // Nothing is sent before the second, explicit confirmation.
    await page.getByTestId('confirm-resolve').waitFor();
    await expect(page.getByTestId('alert-status').innerText()).resolves.toBe('已确认');
    await page.getByTestId('confirm-resolve').click();
    await page.getByTestId('handling-record').filter({ hasText: '办结（已整改）' }).waitFor();
    await expect(page.getByTestId('alert-status').innerText()).resolves.toBe('已办结');
    const alert = z
      .object({ status: z.string(), acknowledged: z.object({ note: z.string() }),
        resolved: z.object({ resolution: z.string() }) })
      .parse(await getJson(host.baseUrl, `/api/alerts/${alertId}`, auditorToken));
    expect(alert).toMatchObject({
      status: 'resolved', acknowledged: { note }, resolved: { resolution: 'rectified' },
    });
    await context.close();
  }, TEST_TIMEOUT_MS);
});

describe('failures people can act on', () => {
  it('checks a form as the API does and shows a refusal of the API in Chinese', async () => {
    const { fundId, allocation } = await fundWithRemainder(1);
    const [context, page] = await signedInTab(tokens.finance);
    await page.goto(`${host.baseUrl}/#/funds/${fundId}`);
    const form = page.getByTestId('form-payment');
    await form.getByLabel('分配').selectOption(allocation.allocationId);
    await form.getByLabel('农户编号').fill(`h-${allocation.villageCode}-0001`);
    await form.getByLabel('凭证号').fill('E2E-OVER');
    // Checked in the page before anything is sent, as the API would check it.
    await form.getByLabel('金额（元）').fill('12.345');
    await form.getByRole('button', { name: '发放' }).click();
    await form.getByText(/以元为单位的金额/).waitFor();
    const over = allocation.remainingFen + 100;
    await form.getByLabel('金额（元）').fill(formatYuan(over).replace('¥', ''));
    await form.getByRole('button', { name: '发放' }).click();
    const note = form.getByTestId('error-note');
    await expect(note.getAttribute('data-code')).resolves.toBe('INSUFFICIENT_FUNDS');
    await expect(note.innerText()).resolves.toContain('余额不足');
    await expectPageSound(page, 'a refused form');
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('says in Chinese when the network fails and loads again on retry', async () => {
    const [context, page] = await signedInTab(auditorToken, PHONE);
    await context.route('**/api/ledger/funds?*', (route) => route.abort('failed'));
    await page.goto(`${host.baseUrl}/#/funds`);
    const note = page.getByTestId('error-note');
    await expect(note.getAttribute('data-code')).resolves.toBe('NETWORK');
    await expect(note.innerText()).resolves.toContain('网络连接失败');
    await context.unroute('**/api/ledger/funds?*');
    await note.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('funds').waitFor();
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('asks to sign in again when the session expires, then returns to the page', async () => {
    const [context, page] = await signedInTab(auditorToken);
    // A token the API no longer accepts: signed with another secret, not yet expired.
    const foreign = signToken(AUDITOR, 'another-secret-0123456789abcdef', 3600);
    await page.evaluate((token) => sessionStorage.setItem('sunshine.token', token), foreign);
    await page.goto(`${host.baseUrl}/#/projects?stage=construction`);
    await page.getByTestId('session-expired').waitFor();
    await signIn(page, auditorToken);
    await page.getByTestId('projects').waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe('#/projects?stage=construction');
    await context.close();
  }, TEST_TIMEOUT_MS);
});
