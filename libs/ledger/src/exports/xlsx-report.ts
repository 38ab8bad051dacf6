import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ChildSummary, RegionSummary } from '../summary';
import { fenToYuan } from './money-text';
import { currentStage, type ExportProject } from './project-rows';
import {
  HOUSEHOLD_STATUS_LABELS,
  LEVEL_LABELS,
  PROJECT_STATUS_LABELS,
  RULE_LABELS,
  SEVERITY_LABELS,
  labelOf,
} from './report-labels';
import type { IdleAllocation, OpenAlertRow } from './report-rows';
import { stageLabel, stageOrder } from './stages';

/**
 * The 专报 workbook (SPEC §14), written with exceljs's streaming writer: each row is
 * committed as it is produced and each sheet before the next begins, so only the zip
 * deflater's window is held in memory, whatever the region.
 */

export const SHEET_NAMES = ['汇总', '预警', '闲置资金', '项目'] as const;
/** Rows a list sheet holds at most; a longer list ends with a row saying it was cut. */
export const REPORT_SHEET_ROWS_MAX = 100_000;
export const YUAN_FORMAT = '0.00';
export const RATE_FORMAT = '0.00%';

export interface RegionReportInput {
  summary: RegionSummary;
  alerts: AsyncIterable<OpenAlertRow>;
  idle: AsyncIterable<IdleAllocation>;
  projects: AsyncIterable<ExportProject>;
  sheetRowsMax?: number;
}

export interface RegionReportCounts {
  alerts: number;
  idle: number;
  projects: number;
  truncated: boolean;
}

type Cell = string | number | null;
type Format = typeof YUAN_FORMAT | typeof RATE_FORMAT | undefined;
interface Column {
  header: string;
  width: number;
  format?: Format;
}
type Sheet = ExcelJS.Worksheet;

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, cols: Column[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = cols.map((col) => ({ header: col.header, width: col.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

function addRow(sheet: Sheet, cols: Column[], values: Cell[]): void {
  const row = sheet.addRow(values);
  cols.forEach((col, index) => {
    if (col.format && typeof values[index] === 'number') row.getCell(index + 1).numFmt = col.format;
  });
  row.commit();
}

const money = (header: string): Column => ({ header, width: 16, format: YUAN_FORMAT });
const rate = (header: string): Column => ({ header, width: 12, format: RATE_FORMAT });
const text = (header: string, width = 14): Column => ({ header, width });

const SUMMARY_COLUMNS: Column[] = [
  text('地区代码'),
  text('地区名称', 18),
  text('级别', 8),
  money('到位资金(元)'),
  money('已分配资金(元)'),
  money('已支出资金(元)'),
  money('已退回资金(元)'),
  money('滞留资金(元)'),
  rate('资金滞留率'),
  money('闲置资金(元)'),
  rate('闲置资金占比'),
];

function summaryValues(region: ChildSummary): Cell[] {
  return [
    region.regionCode,
    region.name,
    labelOf(LEVEL_LABELS, region.level),
    fenToYuan(region.receivedFen),
    fenToYuan(region.allocatedFen),
    fenToYuan(region.disbursedFen),
    fenToYuan(region.returnedFen),
    fenToYuan(region.retainedFen),
    region.retentionRate,
    fenToYuan(region.idleFen),
    region.stuckFundRate,
  ];
}

/** The region, its children, then the counts of the summary under their own headings. */
function writeSummarySheet(sheet: Sheet, summary: RegionSummary): void {
  addRow(sheet, SUMMARY_COLUMNS, summaryValues(summary));
  for (const child of summary.children) addRow(sheet, SUMMARY_COLUMNS, summaryValues(child));
  const plain: Column[] = [text(''), text('')];
  const section = (title: string, counts: [string, number][]) => {
    addRow(sheet, plain, []);
    addRow(sheet, plain, [title, '数量']);
    for (const [label, count] of counts) addRow(sheet, plain, [label, count]);
  };
  section('截至日期', []);
  addRow(sheet, plain, [summary.asOf, null]);
  addRow(sheet, plain, ['闲置天数标准', summary.idleDays]);
  section(
    '未处理预警(按规则)',
    Object.entries(summary.openAlertsByRule).map(([rule, n]) => [labelOf(RULE_LABELS, rule), n]),
  );
  section(
    '农户(按状态)',
    Object.entries(summary.householdsByStatus).map(([status, n]) => [
      labelOf(HOUSEHOLD_STATUS_LABELS, status),
      n,
    ]),
  );
  section(
    '项目(按阶段)',
    Object.entries(summary.projectsByStage)
      .sort(([a], [b]) => stageOrder(a) - stageOrder(b))
      .map(([stage, n]) => [stageLabel(stage), n]),
  );
}

const ALERT_COLUMNS: Column[] = [
  text('预警编号', 24),
  text('规则', 28),
  text('规则名称', 18),
  text('严重程度', 10),
  text('对象类型', 12),
  text('对象编号', 24),
  text('地区代码'),
  money('涉及金额(元)'),
  text('发现日期', 12),
];

const alertValues = (a: OpenAlertRow): Cell[] => [
  a.alert_id,
  a.rule,
  labelOf(RULE_LABELS, a.rule),
  labelOf(SEVERITY_LABELS, a.severity),
  a.subject_type,
  a.subject_id,
  a.region_code,
  a.amount_fen === null ? null : fenToYuan(a.amount_fen),
  a.detected_on,
];

const IDLE_COLUMNS: Column[] = [
  text('资金编号', 24),
  text('资金名称', 20),
  text('资金类别'),
  text('分配编号', 24),
  text('村代码'),
  text('村名称'),
  text('分配对象类型', 12),
  text('分配对象', 20),
  text('分配日期', 12),
  money('分配金额(元)'),
  money('剩余金额(元)'),
  text('最后支出日期', 12),
  { header: '闲置天数', width: 10 },
];

const idleValues = (a: IdleAllocation): Cell[] => [
  a.fundId,
  a.fundName,
  a.category,
  a.allocationId,
  a.villageCode,
  a.villageName,
  a.targetType,
  a.targetId,
  a.allocatedOn,
  fenToYuan(a.amountFen),
  fenToYuan(a.remainderFen),
  a.lastActivityOn,
  a.idleDays,
];

const PROJECT_COLUMNS: Column[] = [
  text('项目阶段', 10),
  text('项目编号', 24),
  text('项目名称', 24),
  text('村代码'),
  text('村名称'),
  text('项目类型'),
  money('预算(元)'),
  text('立项日期', 12),
  text('进入本阶段日期', 14),
  text('项目状态', 10),
];

const projectValues = (p: ExportProject): Cell[] => [
  stageLabel(currentStage(p)),
  p.projectId,
  p.name,
  p.villageCode,
  p.villageName,
  p.kind,
  fenToYuan(p.budgetFen),
  p.registeredOn,
  p.stages[p.stages.length - 1]?.advancedOn ?? p.registeredOn,
  labelOf(PROJECT_STATUS_LABELS, p.status),
];

/** Writes up to `max` rows, then one row saying the list goes on; returns rows written. */
async function writeList<Row>(
  sheet: Sheet,
  cols: Column[],
  rows: AsyncIterable<Row> | Iterable<Row>,
  values: (row: Row) => Cell[],
  max: number,
): Promise<{ count: number; truncated: boolean }> {
  let count = 0;
  for await (const row of rows) {
    if (count >= max) {
      addRow(sheet, cols, [`仅列出前 ${max} 行，其余未列出`]);
      return { count, truncated: true };
    }
    addRow(sheet, cols, values(row));
    count += 1;
  }
  return { count, truncated: false };
}

/**
 * Projects by stage: a region's projects are few (514 in a county the size of Huai'an), so
 * they are held to be sorted by stage, one more than the sheet takes so that the sheet can
 * say when the list was cut.
 */
async function projectsByStage(projects: AsyncIterable<ExportProject>, max: number) {
  const held: ExportProject[] = [];
  for await (const project of projects) {
    held.push(project);
    if (held.length > max) break;
  }
  return held.sort((a, b) => stageOrder(currentStage(a)) - stageOrder(currentStage(b)) ||
    (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0));
}

export async function writeRegionReport(
  out: Writable,
  input: RegionReportInput,
): Promise<RegionReportCounts> {
  const max = input.sheetRowsMax ?? REPORT_SHEET_ROWS_MAX;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Sunshine';
  const [summaryName, alertsName, idleName, projectsName] = SHEET_NAMES;
  const summarySheet = addSheet(workbook, summaryName, SUMMARY_COLUMNS);
  writeSummarySheet(summarySheet, input.summary);
  summarySheet.commit();
  const list = async <Row>(
    name: string,
    cols: Column[],
    rows: AsyncIterable<Row> | Iterable<Row>,
    values: (row: Row) => Cell[],
  ) => {
    const sheet = addSheet(workbook, name, cols);
    const written = await writeList(sheet, cols, rows, values, max);
    sheet.commit();
    return written;
  };
  const alerts = await list(alertsName, ALERT_COLUMNS, input.alerts, alertValues);
  const idle = await list(idleName, IDLE_COLUMNS, input.idle, idleValues);
  const sorted = await projectsByStage(input.projects, max);
  const projects = await list(projectsName, PROJECT_COLUMNS, sorted, projectValues);
  await workbook.commit();
  return {
    alerts: alerts.count,
    idle: idle.count,
    projects: projects.count,
    truncated: alerts.truncated || idle.truncated || projects.truncated,
  };
}
