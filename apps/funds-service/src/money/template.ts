import ExcelJS from 'exceljs';
import { BATCH_COLUMNS } from './batch-input';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The payment batch template: one sheet whose first row holds the Chinese column headers the
 * upload route reads (the English field names are accepted as well), every column as text
 * so that spreadsheet programs keep leading zeros of ids.
 */
export async function batchTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代发批次');
  sheet.columns = BATCH_COLUMNS.map((c) => ({
    header: c.zh,
    key: c.field,
    width: 20,
    style: { numFmt: c.field === 'amountFen' ? '0' : '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}
