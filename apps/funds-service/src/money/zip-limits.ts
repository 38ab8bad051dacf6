import { DomainError } from '@sunshine/domain';

/**
 * A workbook is a ZIP archive, and a small archive can inflate to gigabytes. Before a
 * workbook is parsed, its central directory is read and the sizes it declares are summed;
 * an archive declaring more than the limit, using ZIP64, or without a readable directory
 * is refused. The streaming reader then inflates at most what was declared.
 */

/** The most a workbook may inflate to (a 100,000-row sheet takes about 40 MB). */
export const XLSX_INFLATED_BYTES_MAX = 160 * 1024 * 1024;
export const XLSX_ENTRIES_MAX = 1_000;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_BYTES = 22;
const COMMENT_BYTES_MAX = 0xffff;
const CENTRAL_HEADER_BYTES = 46;
const ZIP64_MARK = 0xffffffff;

function refused(message: string): DomainError {
  return new DomainError('INVALID_ROWS', message, [{ row: 1, code: 'UNREADABLE_FILE', message }]);
}

function endOfDirectory(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - EOCD_BYTES - COMMENT_BYTES_MAX);
  for (let at = bytes.length - EOCD_BYTES; at >= lowest; at -= 1) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw refused('the body is not a readable XLSX workbook');
}

/** Throws unless the archive's directory is readable and declares little enough. */
export function assertZipWithin(bytes: Buffer, inflatedMax = XLSX_INFLATED_BYTES_MAX): void {
  if (bytes.length < EOCD_BYTES) throw refused('the body is not a readable XLSX workbook');
  const eocd = endOfDirectory(bytes);
  const entries = bytes.readUInt16LE(eocd + 10);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (entries > XLSX_ENTRIES_MAX || offset === ZIP64_MARK) {
    throw refused('the workbook has too many parts');
  }
  let at = offset;
  let total = 0;
  for (let i = 0; i < entries; i += 1) {
    if (at + CENTRAL_HEADER_BYTES > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw refused('the workbook is truncated or damaged');
    }
    const size = bytes.readUInt32LE(at + 24);
    if (size === ZIP64_MARK) throw refused('the workbook is too large');
    total += size;
    if (total > inflatedMax) throw refused('the workbook inflates beyond the limit');
    at += CENTRAL_HEADER_BYTES + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) +
      bytes.readUInt16LE(at + 32);
  }
}
