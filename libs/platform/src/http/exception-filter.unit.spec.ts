import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, ERROR_CODES } from '@sunshine/domain';
import { mapError, STATUS_BY_CODE } from './exception-filter';

describe('mapError', () => {
  it('maps every domain error code to its status with code, message and details', () => {
    for (const code of ERROR_CODES) {
      const details = [{ path: 'amountFen', message: 'too big' }];
      const mapped = mapError(new DomainError(code, `failed: ${code}`, details));
      expect(mapped.status).toBe(STATUS_BY_CODE[code]);
      expect(mapped.body).toEqual({ error: { code, message: `failed: ${code}`, details } });
    }
  });

  it('answers the statuses the architecture names', () => {
    type Code = (typeof ERROR_CODES)[number];
    const status = (code: Code) => mapError(new DomainError(code, 'x')).status;
    expect(status('VALIDATION_FAILED')).toBe(400);
    expect(status('UNAUTHORIZED')).toBe(401);
    expect(status('FORBIDDEN')).toBe(403);
    expect(status('NOT_FOUND')).toBe(404);
    expect(status('IDEMPOTENCY_MISMATCH')).toBe(409);
    expect(status('CONCURRENCY_CONFLICT')).toBe(409);
    expect(status('INSUFFICIENT_FUNDS')).toBe(422);
    expect(status('INVALID_STAGE')).toBe(422);
  });

  it('maps an unknown route to 404 NOT_FOUND', () => {
    const mapped = mapError(new NotFoundException('Cannot GET /nope'));
    expect(mapped.status).toBe(404);
    expect(mapped.body.error.code).toBe('NOT_FOUND');
  });

  it('maps a too large body to 413 PAYLOAD_TOO_LARGE', () => {
    expect(mapError(new PayloadTooLargeException()).body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const parserError = Object.assign(new Error('request entity too large'), {
      status: 413, type: 'entity.too.large',
    });
    expect(mapError(parserError)).toMatchObject({ status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('maps a malformed JSON body from the parser to 400 without echoing the input', () => {
    const parserError = Object.assign(new SyntaxError('Unexpected token } in JSON at 7'), {
      status: 400, type: 'entity.parse.failed', body: '{"a": }',
    });
    const mapped = mapError(parserError);
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(mapped.body)).not.toContain('{"a": }');
  });

  it('keeps the message of a Nest 400 raised by a pipe', () => {
    const mapped = mapError(new BadRequestException('asOf must be a date'));
    expect(mapped.body.error).toEqual({
      code: 'VALIDATION_FAILED', message: 'asOf must be a date', details: [],
    });
  });

  it('maps an HTTP exception from a second copy of Nest by its status', () => {
    // Stands in for BadRequestException of another @nestjs/common instance, as Nest's Express
    // adapter raises for a path like /api/funds/%E0%A4%A.
    class ForeignBadRequest extends Error {
      getStatus(): number {
        return 400;
      }
    }
    const mapped = mapError(new ForeignBadRequest("Failed to decode param '%E0%A4%A'"));
    expect(mapped).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: "Failed to decode param '%E0%A4%A'",
          details: [],
        },
      },
    });
    expect(mapError(Object.assign(new Error('x'), { getStatus: () => 'odd' })).status).toBe(500);
  });

  it('hides anything else behind 500 INTERNAL without a stack trace', () => {
    const error = new TypeError('cannot read properties of undefined (reading secret)');
    const mapped = mapError(error);
    expect(mapped.status).toBe(500);
    expect(mapped.body.error.code).toBe('INTERNAL');
    const text = JSON.stringify(mapped.body);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
  });
});
