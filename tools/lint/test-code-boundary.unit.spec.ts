import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

/** The lint rule of eslint.config.cjs that keeps test code out of production files. */

const root = join(__dirname, '..', '..');
const PROBE = [
  "import { startMockKafka } from '@sunshine/testing';",
  "import { testEvent } from '@sunshine/event-store/testing';",
  "import { deciderSpec } from '@sunshine/domain/testing';",
  "import fc from 'fast-check';",
  'export const probe = [startMockKafka, testEvent, deciderSpec, fc];',
  'expect(probe).toHaveLength(4);',
  '',
].join('\n');

const lintReport = z.array(
  z.object({ messages: z.array(z.object({ ruleId: z.string().nullable() })) }),
);

/** The ESLint CLI (Jest's module sandbox cannot load the flat config through the API). */
async function ruleIdsAt(filePath: string): Promise<string[]> {
  const eslint = join(root, 'node_modules', '.bin', 'eslint');
  const run = spawnSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: root,
    input: PROBE,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  const [result] = lintReport.parse(JSON.parse(run.stdout));
  return (result?.messages ?? []).flatMap((message) => message.ruleId ?? []);
}

jest.setTimeout(60_000);

describe('a production file', () => {
  it('may not import a test library, a testing entry point, or use a Jest global', async () => {
    const ruleIds = await ruleIdsAt('libs/ledger/src/probe.ts');
    expect(ruleIds.filter((id) => id === 'no-restricted-imports')).toHaveLength(4);
    expect(ruleIds).toContain('no-restricted-globals');
  });
});

describe('test code', () => {
  it.each(['libs/ledger/src/probe.unit.spec.ts', 'libs/ledger/src/testing/probe.ts'])(
    '%s may import test helpers',
    async (filePath) => {
      const ruleIds = await ruleIdsAt(filePath);
      expect(ruleIds).not.toContain('no-restricted-imports');
      expect(ruleIds).not.toContain('no-restricted-globals');
    },
  );
});
