import type { Page } from 'playwright-core';

/** Checks that every page of the dashboard must pass, at any window size. */

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export const VIEWPORTS = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

/** The one copy of axe-core in the repository, injected into the page under test. */
const AXE_PATH = require.resolve('axe-core/axe.min.js');
/** Violations of these impacts fail a page; minor and moderate ones are reported only. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** Waits until the view has its data: no "loading" line left and no request in flight. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.body.innerText.includes('加载中'));
}

/**
 * What sticks out of the window: any element whose box reaches past the viewport (except
 * inside a table's own scrolling box), and any amount whose text is cut off.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}` +
      ` "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    if (document.documentElement.scrollWidth > width) {
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (el.closest('.table-scroll') || el.closest('.visually-hidden')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        problems.push(`${describe(el)} spans ${Math.round(box.left)}–${Math.round(box.right)}`);
      }
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.money, .rate, td.num'))) {
      if (el.scrollWidth > el.clientWidth) problems.push(`${describe(el)} is clipped`);
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowX === 'hidden' && up.scrollWidth > up.clientWidth) {
          problems.push(`${describe(el)} is cut by ${describe(up)}`);
          break;
        }
      }
    }
    return problems.slice(0, 20);
  });
}

/** Serious and critical axe-core violations, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as {
      axe: {
        run(context: Document, options: object): Promise<{ violations: AxeViolation[] }>;
      };
    }).axe;
    interface AxeViolation {
      id: string;
      impact: string | null;
      nodes: { target: string[] }[];
    }
    // Only violations are wanted: axe then skips collecting every node that passes.
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => BLOCKING_IMPACTS.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** Layout and accessibility of the page as it stands, as one list of problems. */
export async function pageProblems(page: Page): Promise<string[]> {
  return [...(await layoutProblems(page)), ...(await axeViolations(page))];
}
