import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AlertServiceModule } from '@sunshine/alert-service';
import { FundsServiceModule } from '@sunshine/funds-service';
import { exportSchemas, type RegionSummary } from '@sunshine/ledger';
import { ProjectsServiceModule } from '@sunshine/projects-service';
import {
  draft04Validator,
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  type TestApp,
} from '@sunshine/testing';
import { LedgerProjectorModule } from '../ledger-projector.module';

const COUNTY = '320826';
const TOWN = '320826100';
const VILLAGE = '320826100201';
const OTHER_VILLAGE = '320826100202';
const EMPTY_TOWN = '320826200';
const AS_OF = '2024-12-31';
const HEAD_NAME = '李明华';
const ID_NUMBER = '320826198001011234';
const PROJECTION_WAIT_MS = 30_000;

jest.setTimeout(TEST_APP_BOOT_TIMEOUT_MS);

interface Download {
  status: number;
  type: string | null;
  bytes: Buffer;
  json(): unknown;
}

describe.each(TEST_APP_STORES)('exports over HTTP (%s store)', (store) => {
  let app: TestApp;
  let finance: string;
  let auditor: string;
  let projectId: string;
  let summary: RegionSummary;

  const download = async (path: string, token?: string): Promise<Download> => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(`${app.baseUrl}${path}`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type');
    return { status: response.status, type, bytes, json: () => JSON.parse(bytes.toString()) };
  };

  async function post(path: string, token: string, body: unknown): Promise<string> {
    const response = await app.request('POST', path, { token, body });
    if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
    return (response.body as { id: string }).id;
  }

  async function seed(): Promise<void> {
    const admin = app.token('admin', []);
    const regions: [string, string, string][] = [
      [COUNTY, '涟水县', 'county'], [TOWN, '高沟镇', 'town'],
      [VILLAGE, '新河村', 'village'], [OTHER_VILLAGE, '杨口村', 'village'],
    ];
    for (const [code, name, level] of regions) {
      const response = await app.request('PUT', `/api/regions/${code}`, {
        token: admin, body: { name, level },
      });
      if (response.status >= 300) throw new Error(JSON.stringify(response.body));
    }
    const registrar = app.token('registrar', [COUNTY]);
    await post('/api/households', registrar, {
      householdId: 'hh-a', villageCode: VILLAGE, headName: HEAD_NAME, idNumber: ID_NUMBER,
      members: 3, registeredOn: '2024-01-02',
    });
    const fundId = await post('/api/funds', finance, {
      name: '衔接资金', category: 'industry', department: '财政局', level: 'central',
      fiscalYear: 2024, countyCode: COUNTY, amountFen: 1_000_000, receivedOn: '2024-01-10',
    });
    const allocate = (allocationId: string, villageCode: string, amountFen: number) =>
      post(`/api/funds/${fundId}/allocations`, finance, {
        allocationId, target: { type: 'village', id: villageCode }, villageCode, amountFen,
        allocatedOn: '2024-02-01',
      });
    await allocate('al-1', VILLAGE, 400_000);
    await allocate('al-2', OTHER_VILLAGE, 100_001);
    const pay = (householdId: string, amountFen: number, voucherNo: string) =>
      post(`/api/funds/${fundId}/household-payments`, finance, {
        allocationId: 'al-1', householdId, amountFen, paidOn: '2024-03-02', channel: 'bank',
        voucherNo,
      });
    await pay('hh-a', 50_000, 'P-1');
    // A household the registry does not know: an open alert for the 预警 sheet.
    await pay('hh-ghost', 1_234, 'P-2');
    const manager = app.token('project_manager', [COUNTY]);
    projectId = await post('/api/projects', manager, {
      name: '光伏扶贫电站', villageCode: VILLAGE, kind: 'industry', budgetFen: 12_345_678,
      registeredOn: '2024-02-10',
    });
    const stages = ['feasibility', 'application', 'approval', 'tendering', 'construction'];
    for (const [index, stage] of stages.entries()) {
      await post(`/api/projects/${projectId}/stages`, manager, {
        stage, advancedOn: `2024-0${index + 3}-01`, evidence: [],
      });
    }
  }

  /** The summary once every write above is projected and the alert is raised. */
  async function projectedSummary(): Promise<RegionSummary> {
    const deadline = Date.now() + PROJECTION_WAIT_MS;
    for (;;) {
      const response = await app.request('GET',
        `/api/ledger/regions/${COUNTY}/summary?asOf=${AS_OF}`, { token: auditor });
      const body = response.body as RegionSummary;
      if (body.disbursedFen === 51_234 && body.projectsByStage?.construction === 1 &&
        body.openAlertsByRule?.PAYMENT_TO_INELIGIBLE_HOUSEHOLD === 1) return body;
      if (Date.now() > deadline) throw new Error(`not projected: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        ProjectsServiceModule.register(runtime),
        AlertServiceModule.register(runtime),
        LedgerProjectorModule.register(runtime),
      ],
    });
    finance = app.token('finance', [COUNTY]);
    auditor = app.token('auditor', ['32']);
    await seed();
    summary = await projectedSummary();
  });
  afterAll(async () => app?.close());

  const reportPath = (code = COUNTY, query = `?asOf=${AS_OF}`) =>
    `/api/exports/regions/${code}/report.xlsx${query}`;

  it('streams a 专报 workbook whose figures equal the region summary', async () => {
    const response = await download(reportPath(), finance);
    expect(response.status).toBe(200);
    expect(response.type).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '预警', '闲置资金', '项目']);
    const rows = (name: string) => {
      const values: unknown[][] = [];
      workbook.getWorksheet(name)?.eachRow((row) => {
        values.push((row.values as unknown[]).slice(1));
      });
      return values;
    };
    const [header, county, town] = rows('汇总');
    expect(header).toEqual(['地区代码', '地区名称', '级别', '到位资金(元)', '已分配资金(元)',
      '已支出资金(元)', '已退回资金(元)', '滞留资金(元)', '资金滞留率', '闲置资金(元)', '闲置资金占比']);
    const yuan = (fen: number) => Number((fen / 100).toFixed(2));
    const figures = (s: Omit<RegionSummary, 'openAlertsByRule' | 'householdsByStatus' |
      'projectsByStage' | 'children' | 'asOf' | 'category' | 'fiscalYear' | 'idleDays'>) => [
      yuan(s.receivedFen), yuan(s.allocatedFen), yuan(s.disbursedFen), yuan(s.returnedFen),
      yuan(s.retainedFen), s.retentionRate, yuan(s.idleFen), s.stuckFundRate,
    ];
    expect(county).toEqual([COUNTY, '涟水县', '县', ...figures(summary)]);
    expect(town).toEqual([TOWN, '高沟镇', '乡镇', ...figures(summary.children[0]!)]);
    expect(county?.slice(3)).toEqual([10_000, 5_000.01, 512.34, 0, 9_487.66, 0.9488, 4_487.67,
      0.8975]);
    const money = workbook.getWorksheet('汇总')!.getRow(2).getCell(4);
    expect(money.numFmt).toBe('0.00');

    const [alertHeader, ...alerts] = rows('预警');
    expect(alertHeader?.[1]).toBe('规则');
    expect(alerts.map((alert) => alert[1])).toEqual(['PAYMENT_TO_INELIGIBLE_HOUSEHOLD']);
    expect(alerts[0]?.[7]).toBe(12.34);

    const [idleHeader, ...idle] = rows('闲置资金');
    expect(idleHeader?.[10]).toBe('剩余金额(元)');
    const idleFen = idle.reduce((sum, row) => sum + Math.round(Number(row[10]) * 100), 0);
    expect(idleFen).toBe(summary.idleFen);
    expect(idle.map((row) => [row[3], row[10], row[12]])).toEqual([
      ['al-1', 3_487.66, 304], ['al-2', 1_000.01, 334],
    ]);

    const [projectHeader, project] = rows('项目');
    expect(projectHeader?.slice(0, 3)).toEqual(['项目阶段', '项目编号', '项目名称']);
    expect(project?.slice(0, 7)).toEqual(['建设', projectId, '光伏扶贫电站', VILLAGE, '新河村',
      'industry', 123_456.78]);
  });

  it('lets finance, auditors and admins download their regions only', async () => {
    expect((await download(reportPath())).status).toBe(401);
    for (const role of ['registrar', 'project_manager'] as const) {
      expect((await download(reportPath(), app.token(role, [COUNTY]))).status).toBe(403);
    }
    const outsider = await download(reportPath(), app.token('finance', ['320830']));
    expect(outsider.status).toBe(403);
    expect(outsider.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await download(reportPath('32'), finance)).status).toBe(403);
    expect((await download(reportPath(TOWN), auditor)).status).toBe(200);
    expect((await download(reportPath(), app.token('admin', []))).status).toBe(200);
    for (const query of ['?asOf=2024-02-30', '?foo=1']) {
      const bad = await download(reportPath(COUNTY, query), finance);
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('publishes the projects as an OC4IDS package that validates, with no token', async () => {
    const response = await download(`/api/exports/regions/${COUNTY}/oc4ids.json?asOf=${AS_OF}`);
    expect(response.status).toBe(200);
    const pkg = response.json();
    const schemas = exportSchemas();
    const validate = draft04Validator(schemas.oc4idsProjectPackage, [schemas.oc4idsProject]);
    expect(validate(pkg)).toEqual([]);
    expect(pkg).toMatchObject({
      version: '0.9',
      projects: [{
        id: `sunshine-${projectId}`, title: '光伏扶贫电站', status: 'implementation',
        budget: { amount: { amount: 123_456.78, currency: 'CNY' } },
        locations: [{ description: '新河村', gazetteer: { identifiers: [VILLAGE] } }],
      }],
    });
    const early = await download(`/api/exports/regions/${COUNTY}/oc4ids.json?asOf=2024-04-15`);
    expect(early.json()).toMatchObject({ projects: [{ status: 'preparation' }] });
    const text = response.bytes.toString();
    for (const secret of ['hh-a', HEAD_NAME, ID_NUMBER]) expect(text).not.toContain(secret);
    const none = await download(`/api/exports/regions/${EMPTY_TOWN}/oc4ids.json`);
    expect(none.status).toBe(404);
    expect(none.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('publishes a Fiscal Data Package that validates, names masked, no household ids', async () => {
    const path = `/api/exports/regions/${COUNTY}/fiscal-data-package.zip?fiscalYear=2024`;
    const response = await download(path);
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/zip');
    const zip = await JSZip.loadAsync(response.bytes);
    expect(Object.keys(zip.files).sort()).toEqual(
      ['allocations.csv', 'datapackage.json', 'payments.csv', 'receipts.csv']);
    const file = (name: string) => zip.file(name)!.async('string');
    const descriptor = JSON.parse(await file('datapackage.json')) as unknown;
    expect(draft04Validator(exportSchemas().fiscalDataPackage)(descriptor)).toEqual([]);
    const lines = async (name: string) => (await file(name)).trimEnd().split('\r\n');
    const receipts = await lines('receipts.csv');
    expect(receipts).toHaveLength(2);
    expect(receipts[1]).toMatch(/,2024,320826,2024-01-10,10000\.00$/);
    expect((await lines('allocations.csv')).slice(1).map((l) => l.split(',').pop()).sort())
      .toEqual(['1000.01', '4000.00']);
    const payments = await lines('payments.csv');
    expect(payments[0]).toBe('payment_id,kind,fund_id,allocation_id,fiscal_year,category,' +
      'village_code,payee_type,payee,date,amount');
    expect(payments.slice(1).map((l) => l.split(',').slice(-3)).sort()).toEqual([
      ['*', '2024-03-02', '12.34'], ['李*华', '2024-03-02', '500.00'],
    ]);
    const everything = (await Promise.all(Object.keys(zip.files).map(file))).join('\n');
    for (const secret of ['hh-a', 'hh-ghost', HEAD_NAME, ID_NUMBER]) {
      expect(everything).not.toContain(secret);
    }
    const otherYear = await download(path.replace('2024', '2023'));
    const other = await JSZip.loadAsync(otherYear.bytes);
    expect((await other.file('payments.csv')!.async('string')).trimEnd().split('\r\n'))
      .toHaveLength(1);
    const bad = await download(path.replace('2024', 'x'));
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
