import fc from 'fast-check';
import { PROJECT_STAGES } from '@sunshine/domain';
import { draft04Validator } from '@sunshine/testing';
import { csvField, csvLine } from './csv';
import { fiscalDescriptor } from './fiscal-descriptor';
import { csvText } from './fiscal-package';
import { fenToYuan, fenToYuanText } from './money-text';
import { oc4idsHead, oc4idsProject, oc4idsStatus } from './oc4ids';
import type { ExportProject } from './project-rows';
import { exportSchemas } from './schemas';

const MONEY_MAX_FEN = 10 ** 13;

function project(stages: string[], status = 'active'): ExportProject {
  return {
    projectId: `p-${stages.length}-${status}`,
    name: '光伏扶贫电站',
    villageCode: '320826100201',
    villageName: '新河村',
    kind: 'industry',
    budgetFen: 123_456_789n,
    registeredOn: '2024-01-05',
    status,
    stages: stages.map((stage, index) => ({
      stage,
      advancedOn: `2024-${String(index + 1).padStart(2, '0')}-10`,
    })),
  };
}

const upTo = (stage: string) => PROJECT_STAGES.slice(0, PROJECT_STAGES.indexOf(stage as never) + 1);

describe('yuan from integer fen', () => {
  it('writes the exact decimal, sign and leading zeros included', () => {
    expect(fenToYuanText(0)).toBe('0.00');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(-5n)).toBe('-0.05');
    expect(fenToYuanText(123_456)).toBe('1234.56');
    expect(fenToYuanText(10n ** 13n)).toBe('100000000000.00');
    expect(fenToYuan(1_000_000_01)).toBe(1_000_000.01);
  });

  it('gives back the same fen for every amount up to 10^13', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MONEY_MAX_FEN, max: MONEY_MAX_FEN }), (fen) => {
        expect(Math.round(fenToYuan(fen) * 100)).toBe(fen);
        expect(fenToYuanText(fen)).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });
});

describe('CSV text', () => {
  it('quotes only fields that need it and doubles their quotes', () => {
    expect(csvField('王*华')).toBe('王*华');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvLine(['x', 1, null])).toBe('x,1,\r\n');
  });

  it('starts with the header and keeps every line whole across chunks', async () => {
    async function* rows() {
      for (let i = 0; i < 100; i += 1) yield i;
    }
    const fields = [{ name: 'n', title: 'n', type: 'integer' as const }];
    const chunks: string[] = [];
    for await (const chunk of csvText(fields, rows(), (n) => csvLine([n]), 50)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((chunk) => chunk.endsWith('\r\n'))).toBe(true);
    const lines = chunks.join('').split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['n', '0', '1']);
    expect(lines).toHaveLength(102);
  });
});

describe('a project in OC4IDS', () => {
  const schemas = exportSchemas();
  const validatePackage = draft04Validator(schemas.oc4idsProjectPackage, [schemas.oc4idsProject]);
  const head = {
    uri: 'urn:sunshine:oc4ids:320826:2024-12-31',
    publishedDate: '2024-12-31T08:00:00.000Z',
    publisherName: '阳光扶贫监管平台（涟水县）',
  };
  const packageOf = (projects: ExportProject[]) => ({
    ...oc4idsHead(head),
    projects: projects.map(oc4idsProject),
  });

  it('maps each stage to the OC4IDS phase it belongs to', () => {
    const statuses = PROJECT_STAGES.map((stage) => oc4idsStatus(project(upTo(stage))));
    expect(statuses).toEqual([
      'identification',
      'preparation',
      'preparation',
      'preparation',
      'implementation',
      'implementation',
      'completion',
      'completion',
      'maintenance',
    ]);
    expect(oc4idsStatus(project(upTo('construction'), 'cancelled'))).toBe('cancelled');
    expect(oc4idsStatus(project([]))).toBe('identification');
  });

  it('gives the completion date once 竣工 is reached, and not before', () => {
    expect(oc4idsProject(project(upTo('construction')))).not.toHaveProperty('completion');
    const completed = oc4idsProject(project(upTo('acceptance')));
    expect(completed).toMatchObject({
      completion: { endDate: '2024-07-10T00:00:00Z' },
      budget: { amount: { amount: 1_234_567.89, currency: 'CNY' } },
      locations: [{ gazetteer: { identifiers: ['320826100201'] } }],
    });
  });

  it('validates against the OC4IDS project-package schema at every stage', () => {
    const projects = PROJECT_STAGES.map((stage) => project(upTo(stage)));
    projects.push(project(upTo('tendering'), 'cancelled'), project([]));
    expect(validatePackage(packageOf(projects))).toEqual([]);
  });

  it('fails the schema without projects or with a status OC4IDS does not know', () => {
    expect(validatePackage(packageOf([]))).not.toEqual([]);
    const bad = packageOf([project(upTo('survey'))]);
    (bad.projects[0] as Record<string, unknown>).status = 'construction';
    expect(validatePackage(bad).join()).toContain('status');
  });
});

describe('the Fiscal Data Package descriptor', () => {
  const validate = draft04Validator(exportSchemas().fiscalDataPackage);
  const head = { regionCode: '320826', regionName: '涟水县', created: '2025-01-01T00:00:00Z' };

  it('validates against the Fiscal Data Package schema, with or without a fiscal year', () => {
    expect(validate(fiscalDescriptor({ ...head, fiscalYear: 2024 }))).toEqual([]);
    expect(validate(fiscalDescriptor(head))).toEqual([]);
    expect(fiscalDescriptor({ ...head, fiscalYear: 2024 })).toMatchObject({
      profile: 'tabular-data-package',
      model: { measures: { paid: { currency: 'CNY' } } },
      fiscalPeriod: { start: '2024-01-01', end: '2024-12-31' },
    });
  });

  it('fails the profile with a currency that is not an ISO code', () => {
    const descriptor = fiscalDescriptor(head) as { model: { measures: Record<string, object> } };
    descriptor.model.measures.paid = { source: 'amount', currency: 'yuan' };
    expect(validate(descriptor).join()).toContain('currency');
  });

  it('names no household id among the published columns', () => {
    const json = JSON.stringify(fiscalDescriptor(head));
    expect(json).not.toMatch(/household_id|id_number/);
  });
});
