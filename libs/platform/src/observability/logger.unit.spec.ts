import { Writable } from 'node:stream';
import { createLogger, REDACTED } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

const ID_NUMBER = '32082619800101123X';
const ID_LIKE = /\d{17}[\dXx]/;

describe('createLogger', () => {
  it('writes no id number from a field, a nested field, a string or the message', () => {
    const { lines, logger } = capture();
    logger.info({ household: { headName: '王小华', idNumber: ID_NUMBER } }, 'registered');
    logger.info({ idNumber: ID_NUMBER, note: `card ${ID_NUMBER.toLowerCase()} seen` });
    logger.warn(`household with id ${ID_NUMBER} refused`);
    logger.error({ err: new Error(`duplicate id ${ID_NUMBER}`) }, 'failed');
    logger.child({ idNumber: ID_NUMBER }).info({ items: [[{ idNumber: '1' }]] }, 'child');
    const output = lines.join('');
    expect(lines).toHaveLength(5);
    expect(output).not.toMatch(ID_LIKE);
    expect(output).toContain(REDACTED);
    expect(output).toContain('王小华');
  });

  it('writes JSON with level, time and message', () => {
    const { lines, logger } = capture();
    logger.info({ status: 201 }, 'request');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ level: 30, msg: 'request', status: 201 });
    expect(typeof line.time).toBe('string');
  });
});
