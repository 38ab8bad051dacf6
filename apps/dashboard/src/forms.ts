import type { FieldSpec } from './form-body';
import { parseYuanToFen } from './format';
import { STAGE_NAMES } from './labels';

/**
 * The fields of each write form, named as the API's body fields so that the API's error
 * details land beside the field they are about. Optional ids let a user supply their own.
 */

const today = () => new Date().toISOString().slice(0, 10);

const idField = (name: string, label: string): FieldSpec => ({
  name, label, kind: 'text', optional: true, hint: '留空则由系统生成',
});

const LEVELS = [['central', '中央'], ['province', '省级'], ['city', '市级'], ['county', '县级']] as const;

export function receiptFields(countyCode: string): FieldSpec[] {
  return [
    idField('fundId', '资金编号'),
    { name: 'name', label: '资金名称', kind: 'text' },
    { name: 'category', label: '资金类别', kind: 'text', hint: '如 产业发展' },
    { name: 'department', label: '主管部门', kind: 'text', hint: '如 财政局' },
    { name: 'level', label: '资金级次', kind: 'select', options: LEVELS },
    { name: 'fiscalYear', label: '年度', kind: 'int', initial: today().slice(0, 4) },
    { name: 'countyCode', label: '县代码', kind: 'text', initial: countyCode },
    { name: 'amountFen', label: '金额', kind: 'money' },
    { name: 'receivedOn', label: '到账日期', kind: 'date', initial: today() },
  ];
}

export type AllocationChoice = readonly [string, string];

export function allocationFields(): FieldSpec[] {
  return [
    idField('allocationId', '分配编号'),
    { name: 'target.type', label: '投向类型', kind: 'select',
      options: [['village', '村'], ['project', '项目']] },
    { name: 'target.id', label: '投向（村代码或项目编号）', kind: 'text' },
    { name: 'villageCode', label: '村代码', kind: 'text', hint: '12 位' },
    { name: 'amountFen', label: '金额', kind: 'money' },
    { name: 'allocatedOn', label: '下达日期', kind: 'date', initial: today() },
    { name: 'perHouseholdCapFen', label: '每户上限', kind: 'money', optional: true },
  ];
}

export function disbursementFields(allocations: AllocationChoice[]): FieldSpec[] {
  return [
    idField('disbursementId', '拨付编号'),
    { name: 'allocationId', label: '分配', kind: 'select', options: allocations },
    { name: 'payee.type', label: '收款方类型', kind: 'select',
      options: [['project', '项目'], ['village', '村'], ['contractor', '施工单位']] },
    { name: 'payee.id', label: '收款方编号', kind: 'text' },
    { name: 'payee.name', label: '收款方名称', kind: 'text' },
    { name: 'amountFen', label: '金额', kind: 'money' },
    { name: 'paidOn', label: '支付日期', kind: 'date', initial: today() },
    { name: 'voucherNo', label: '凭证号', kind: 'text' },
  ];
}

export function paymentFields(allocations: AllocationChoice[]): FieldSpec[] {
  return [
    idField('paymentId', '支付编号'),
    { name: 'allocationId', label: '分配', kind: 'select', options: allocations },
    { name: 'householdId', label: '农户编号', kind: 'text' },
    { name: 'amountFen', label: '金额', kind: 'money' },
    { name: 'paidOn', label: '支付日期', kind: 'date', initial: today() },
    { name: 'channel', label: '发放渠道', kind: 'text', initial: '一卡通' },
    { name: 'voucherNo', label: '凭证号', kind: 'text' },
  ];
}

export function returnFields(allocations: AllocationChoice[]): FieldSpec[] {
  return [
    idField('returnId', '退回编号'),
    { name: 'allocationId', label: '分配', kind: 'select', optional: true, options: allocations,
      hint: '不选则退回未下达资金' },
    { name: 'amountFen', label: '金额', kind: 'money' },
    { name: 'returnedOn', label: '退回日期', kind: 'date', initial: today() },
    { name: 'reason', label: '原因', kind: 'text' },
  ];
}

export function householdFields(villageCode: string): FieldSpec[] {
  return [
    idField('householdId', '农户编号'),
    { name: 'villageCode', label: '村代码', kind: 'text', initial: villageCode, hint: '12 位' },
    { name: 'headName', label: '户主姓名', kind: 'text' },
    { name: 'idNumber', label: '身份证号', kind: 'text', hint: '18 位，末位可为 X' },
    { name: 'members', label: '人口', kind: 'int' },
    { name: 'registeredOn', label: '登记日期', kind: 'date', initial: today() },
  ];
}

/** "医疗报销 1200.50" → {kind, amountFen}. */
function oneOffLine(line: string): unknown {
  const match = /^(.+?)\s+(\S+)$/.exec(line);
  const amountFen = match ? parseYuanToFen(match[2] ?? '') : undefined;
  if (!match || amountFen === undefined) return '请写成“类别 金额（元）”，如 医疗报销 1200';
  return { kind: match[1], amountFen };
}

export function incomeFields(): FieldSpec[] {
  const quarter = `${today().slice(0, 4)}Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;
  const money = (name: string, label: string): FieldSpec =>
    ({ name, label, kind: 'money', initial: '0' });
  return [
    { name: 'period', label: '收入期间', kind: 'text', initial: quarter, hint: '如 2024Q2，近 12 个月' },
    money('wagesFen', '工资性收入'),
    money('businessFen', '经营性收入'),
    money('propertyFen', '财产性收入'),
    money('transferFen', '转移性收入'),
    money('otherFen', '其他收入'),
    { name: 'oneOffTransfers', label: '其中一次性转移（每行：类别 金额）', kind: 'lines',
      parseLine: oneOffLine, hint: '如：医疗报销 1200' },
  ];
}

export function exitFields(): FieldSpec[] {
  return [{ name: 'exitedOn', label: '脱贫日期', kind: 'date', initial: today() }];
}

export function projectFields(villageCode: string): FieldSpec[] {
  return [
    idField('projectId', '项目编号'),
    { name: 'name', label: '项目名称', kind: 'text' },
    { name: 'villageCode', label: '村代码', kind: 'text', initial: villageCode, hint: '12 位' },
    { name: 'kind', label: '项目类别', kind: 'text', hint: '如 产业' },
    { name: 'budgetFen', label: '预算', kind: 'money' },
    { name: 'registeredOn', label: '立项日期', kind: 'date', initial: today() },
  ];
}

/** "可研报告.pdf 3f…(64 hex)" → {docId, sha256}. */
function evidenceLine(line: string): unknown {
  const match = /^(.+?)\s+([0-9a-f]{64})$/.exec(line);
  if (!match) return '请写成“文件名 SHA-256”，或用上方按钮选择文件';
  return { docId: match[1], sha256: match[2] };
}

export function stageFields(nextStage: string | undefined): FieldSpec[] {
  return [
    { name: 'stage', label: '推进到', kind: 'select', initial: nextStage,
      options: Object.entries(STAGE_NAMES) },
    { name: 'advancedOn', label: '推进日期', kind: 'date', initial: today() },
    { name: 'evidence', label: '佐证材料（每行：文件名 SHA-256）', kind: 'lines',
      parseLine: evidenceLine, digestFiles: true },
  ];
}

export function projectIncomeFields(): FieldSpec[] {
  return [
    { name: 'amountFen', label: '收益金额', kind: 'money' },
    { name: 'earnedOn', label: '收益日期', kind: 'date', initial: today() },
  ];
}

/** "h-001 350.00" → {householdId, amountFen}. */
function shareLine(line: string): unknown {
  const match = /^(\S+)\s+(\S+)$/.exec(line);
  const amountFen = match ? parseYuanToFen(match[2] ?? '') : undefined;
  if (!match || amountFen === undefined) return '请写成“农户编号 金额（元）”';
  return { householdId: match[1], amountFen };
}

export function distributionFields(): FieldSpec[] {
  return [
    { name: 'distributedOn', label: '分配日期', kind: 'date', initial: today() },
    { name: 'shares', label: '分配明细（每行：农户编号 金额）', kind: 'lines', parseLine: shareLine },
  ];
}
