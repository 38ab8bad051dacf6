import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DomainError, type RowProblem } from '@sunshine/domain';
import { type Upload, uploadText } from '@sunshine/platform';
import { assertZipWithin } from './zip-limits';

/**
 * Rows of an uploaded CSV or XLSX file, one at a time (streaming parsers fed in slices, so
 * no parser holds a whole file's rows), with their numbers as in the file: the header is
 * row 1. Cells come back as text or numbers; a formula cell is never evaluated, it is
 * reported as a problem of its row.
 */

/** Slices the parsers are fed, so that each holds at most this much unparsed input. */
const SLICE_BYTES = 64 * 1024;
/** A CSV record longer than this is malformed (a missing quote swallowing the file). */
export const CSV_RECORD_BYTES_MAX = 64 * 1024;
/** Columns of a file beyond this are not read. */
export const COLUMNS_MAX = 32;

export type Cell = string | number | undefined | { invalid: string } | { formula: true };

export interface FileRow {
  row: number;
  cells: Cell[];
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) yield bytes.subarray(at, at + SLICE_BYTES);
}

function unreadable(message: string): DomainError {
  return new DomainError('INVALID_ROWS', message, [{ row: 1, code: 'UNREADABLE_FILE', message }]);
}

interface CsvItem {
  record: string[];
  info: { lines: number };
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

async function* csvRows(upload: Upload): AsyncGenerator<FileRow> {
  uploadText(upload);
  const parser = Readable.from(slices(upload.bytes)).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: CSV_RECORD_BYTES_MAX,
      info: true,
    }),
  );
  let row = 0;
  try {
    for await (const item of parser as AsyncIterable<CsvItem>) {
      // Rows are numbered as the file's lines (blank lines count), from the record's start.
      row = item.info.lines - item.record.reduce((n, cell) => n + newlines(cell), 0);
      yield { row, cells: item.record.slice(0, COLUMNS_MAX).map((c) => (c === '' ? undefined : c)) };
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('INVALID_ROWS', 'the CSV file is malformed', [
      { row: row + 1, code: 'MALFORMED_CSV', message: reason.slice(0, 300) },
    ]);
  } finally {
    parser.destroy();
  }
}

function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return value;
  if (typeof value !== 'object') return { invalid: `a ${typeof value} cell` };
  if ('formula' in value || 'sharedFormula' in value) return { formula: true };
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((part: { text?: unknown }) => String(part.text ?? '')).join('');
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  if (value instanceof Date) return { invalid: 'a date cell' };
  return { invalid: 'an error or unsupported cell' };
}

async function* xlsxRows(upload: Upload): AsyncGenerator<FileRow> {
  assertZipWithin(upload.bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(slices(upload.bytes)), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    // The first sheet only: the loop ends after it.
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1, COLUMNS_MAX + 1);
        yield { row: row.number, cells: Array.from(values, xlsxCell) };
      }
      return;
    }
    throw unreadable('the workbook has no sheet');
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadable('the body is not a readable XLSX workbook');
  }
}

/** The rows of a CSV or XLSX upload; JSON has no rows here. */
export function fileRows(upload: Upload): AsyncGenerator<FileRow> {
  switch (upload.kind) {
    case 'csv':
      return csvRows(upload);
    case 'xlsx':
      return xlsxRows(upload);
    case 'json':
      throw new Error('a JSON upload has no file rows');
    default: {
      const unknownKind: never = upload.kind;
      throw new Error(`unknown upload kind ${String(unknownKind)}`);
    }
  }
}

/** Maps a header row to field names; unknown and missing columns are problems of row 1. */
export function headerFields(
  header: FileRow,
  aliases: Readonly<Record<string, string>>,
  required: readonly string[],
  problems: RowProblem[],
): (string | undefined)[] {
  const fields = header.cells.map((cell) => {
    if (cell === undefined) return undefined;
    const name = typeof cell === 'string' || typeof cell === 'number' ? String(cell) : '';
    const field = aliases[normaliseHeader(name)];
    if (!field) {
      problems.push({ row: header.row, field: name.slice(0, 64), code: 'UNKNOWN_COLUMN',
        message: `unknown column "${name.slice(0, 64)}"` });
    }
    return field;
  });
  for (const field of required) {
    if (!fields.includes(field)) {
      problems.push({ row: header.row, field, code: 'MISSING_COLUMN',
        message: `the header has no ${field} column` });
    }
  }
  return fields;
}

/** Header names compare without case, spaces, BOM or the kind of parentheses. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/[\s\ufeff]/g, '')
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')')
    .toLowerCase();
}

/** A data row as named fields; formula and invalid cells are problems of the row. */
export function rowFields(
  row: FileRow,
  fields: readonly (string | undefined)[],
  problems: RowProblem[],
  numericFields: readonly string[] = ['amountFen'],
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let bad = false;
  row.cells.forEach((cell, index) => {
    const field = fields[index];
    if (cell === undefined) return;
    if (!field) {
      problems.push({ row: row.row, code: 'UNEXPECTED_CELL',
        message: `column ${index + 1} has no header` });
      bad = true;
      return;
    }
    if (typeof cell === 'object') {
      const formula = 'formula' in cell;
      problems.push({ row: row.row, field,
        code: formula ? 'FORMULA_NOT_ALLOWED' : 'VALIDATION_FAILED',
        message: formula ? 'formulas are not evaluated: enter the value' : cell.invalid });
      bad = true;
      return;
    }
    if (typeof cell === 'string' && cell.startsWith('=')) {
      problems.push({ row: row.row, field, code: 'FORMULA_NOT_ALLOWED',
        message: 'formulas are not evaluated: enter the value' });
      bad = true;
      return;
    }
    const numeric = numericFields.includes(field);
    out[field] = typeof cell === 'string' ? cell.trim() : numeric ? cell : String(cell);
  });
  return bad ? undefined : out;
}
