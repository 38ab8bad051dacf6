import { createHash } from 'node:crypto';
import { DomainError } from '@sunshine/domain';
import type { Upload } from '@sunshine/platform';
import { readBankResults, readPaymentBatch } from './batch-input';
import { assertZipWithin } from './zip-limits';

const csv = (text: string): Upload => {
  const bytes = Buffer.from(text);
  return { kind: 'csv', bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
};
const query = { paidOn: '2024-03-05', channel: 'bank', batchId: 'b1' };
const newId = () => 'generated';

describe('a CSV payment batch', () => {
  it('numbers rows as the file lines, header = 1, blank lines counted', async () => {
    const read = await readPaymentBatch(
      csv('allocationId,householdId,amountFen\na1,h1,100\n\na1,h2,200\n'), query, newId);
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => [r.row, r.paymentId, r.amountFen])).toEqual([
      [2, 'b1-2', 100],
      [4, 'b1-4', 200],
    ]);
    expect(read.header.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the Chinese headers of the template', async () => {
    const read = await readPaymentBatch(
      csv('\ufeff分配编号,户编号,金额（分）,凭证号,支付编号\na1,h1,100,V1,p1\n'), query, newId);
    expect(read.rows).toEqual([{ row: 2, paymentId: 'p1', allocationId: 'a1', householdId: 'h1',
      amountFen: 100, voucherNo: 'V1' }]);
  });

  it('names an unknown column, a missing column and a formula, each with its row', async () => {
    const read = await readPaymentBatch(
      csv('allocationId,amountFen,extra\na1,=1+1,x\n'), query, newId);
    expect(read.problems.map((p) => [p.row, p.code])).toEqual([
      [1, 'UNKNOWN_COLUMN'],
      [1, 'MISSING_COLUMN'],
      [2, 'FORMULA_NOT_ALLOWED'],
      [2, 'UNEXPECTED_CELL'],
    ]);
  });

  it('refuses text that is not UTF-8', async () => {
    const gbk = Buffer.concat([Buffer.from('allocationId,householdId,amountFen\n'),
      Buffer.from([0xc0, 0xee]), Buffer.from(',h,1\n')]);
    const upload: Upload = { kind: 'csv', bytes: gbk, sha256: 'x' };
    await expect(readPaymentBatch(upload, query, newId)).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('a CSV bank result file', () => {
  it('reads 成功/失败 as paid/failed', async () => {
    const read = await readBankResults(csv('paymentId,status,bankRef,settledOn,reason\n' +
      'p1,成功,R1,2024-03-06,\np2,失败,R2,2024-03-06,销户\n'), {});
    expect(read.rows.map((r) => r.status)).toEqual(['paid', 'failed']);
  });
});

describe('the workbook size check', () => {
  /** A one-entry ZIP directory declaring `size` inflated bytes. */
  function zipDeclaring(size: number): Buffer {
    const central = Buffer.alloc(46 + 1);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(1, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(0, 16);
    return Buffer.concat([central, end]);
  }

  it('accepts what stays under the limit', () =>
    expect(() => assertZipWithin(zipDeclaring(1_000), 1_000)).not.toThrow());

  it('refuses an archive declaring one byte more', () =>
    expect(() => assertZipWithin(zipDeclaring(1_001), 1_000)).toThrow(DomainError));
});
