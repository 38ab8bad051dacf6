import { DomainError } from '@sunshine/domain';
import { z } from 'zod';
import { parseBody, parseQueryParams, VALIDATION_DETAILS_MAX } from './parse-body';

const schema = z.strictObject({
  name: z.string().min(1),
  amountFen: z.number().int().positive(),
  target: z.strictObject({ id: z.string() }),
});

function failure(body: unknown): DomainError {
  try {
    parseBody(schema, body);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('parseBody accepted an invalid body');
}

describe('parseBody', () => {
  it('returns the parsed value of a valid body', () => {
    const body = { name: 'a', amountFen: 100, target: { id: 'p1' } };
    expect(parseBody(schema, body)).toEqual(body);
  });

  it('rejects wrong types with VALIDATION_FAILED and a path per problem', () => {
    const error = failure({ name: '', amountFen: 1.5, target: { id: 3 } });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d) => d.path).sort()).toEqual(['amountFen', 'name', 'target.id']);
    for (const detail of error.details) expect(detail.message.length).toBeGreaterThan(0);
  });

  it('rejects unknown fields of a strict schema', () => {
    const error = failure({ name: 'a', amountFen: 1, target: { id: 'p' }, extra: true });
    expect(error.details[0]?.message).toMatch(/extra/);
  });

  it('rejects a body that is not an object', () => {
    expect(failure(undefined).code).toBe('VALIDATION_FAILED');
    expect(failure('text').code).toBe('VALIDATION_FAILED');
  });

  it('reports at most VALIDATION_DETAILS_MAX problems', () => {
    const many = z.array(z.number());
    const body = Array.from({ length: VALIDATION_DETAILS_MAX + 20 }, () => 'x');
    try {
      parseBody(many, body);
      throw new Error('accepted');
    } catch (error) {
      expect((error as DomainError).details).toHaveLength(VALIDATION_DETAILS_MAX);
    }
  });
});

describe('parseQueryParams', () => {
  const query = z.strictObject({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });

  it('treats an empty parameter as not given and keeps the others', () => {
    expect(parseQueryParams(query, { asOf: '' })).toEqual({});
    expect(parseQueryParams(query, undefined)).toEqual({});
    expect(parseQueryParams(query, { asOf: '2024-01-31' })).toEqual({ asOf: '2024-01-31' });
  });

  it('still rejects a bad value and an unknown parameter', () => {
    expect(() => parseQueryParams(query, { asOf: 'x' })).toThrow(DomainError);
    expect(() => parseQueryParams(query, { foo: '1' })).toThrow(DomainError);
  });
});
