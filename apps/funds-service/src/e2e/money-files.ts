import ExcelJS from 'exceljs';

/** Payment batch files for the SPEC §11 tests: CSV text and XLSX workbooks. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_HEADER = 'allocationId,householdId,amountFen,voucherNo,paymentId';

export interface FileRowSpec {
  allocationId: string;
  householdId: string;
  amountFen: number | string;
  voucherNo?: string;
  paymentId?: string;
}

export function rowsOf(count: number, allocationId: string, amountFen = 10): FileRowSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    allocationId,
    householdId: `hh-${i + 1}`,
    amountFen,
  }));
}

export function csvOf(rows: readonly FileRowSpec[], header = CSV_HEADER): string {
  const lines = rows.map((r) =>
    [r.allocationId, r.householdId, r.amountFen, r.voucherNo ?? '', r.paymentId ?? ''].join(','));
  return `${header}\n${lines.join('\n')}\n`;
}

type CellValue = string | number | { formula: string; result?: number };

export async function xlsxOf(
  rows: readonly FileRowSpec[],
  options: { chinese?: boolean; formulaAtRow?: number } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('批次');
  sheet.addRow(options.chinese
    ? ['分配编号', '户编号', '金额（分）', '凭证号', '支付编号']
    : CSV_HEADER.split(','));
  rows.forEach((r, index) => {
    const amount: CellValue = options.formulaAtRow === index + 2
      ? { formula: 'SUM(1,2)', result: 3 }
      : r.amountFen;
    sheet.addRow([r.allocationId, r.householdId, amount, r.voucherNo ?? null, r.paymentId ?? null]);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
