import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../idempotency/port';
import { requestMetaFromHeaders } from './request-meta';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('requestMetaFromHeaders', () => {
  it('takes correlation, causation, idempotency key and trace context from the headers', () => {
    const meta = requestMetaFromHeaders({
      'x-request-id': 'req-1',
      'x-correlation-id': 'corr-1',
      'idempotency-key': 'key-1',
      traceparent: TRACEPARENT,
    });
    expect(meta).toEqual({
      correlationId: 'corr-1',
      causationId: 'req-1',
      idempotencyKey: 'key-1',
      traceparent: TRACEPARENT,
    });
  });

  it('correlates by a generated request id when the client names none', () => {
    const meta = requestMetaFromHeaders({});
    expect(meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.causationId).toBe(meta.correlationId);
    expect(meta.idempotencyKey).toBeUndefined();
    expect(meta.traceparent).toBeUndefined();
  });

  it('ignores ids and trace contexts that are not plain or too long', () => {
    const meta = requestMetaFromHeaders({
      'x-correlation-id': 'has spaces and <tags>',
      traceparent: 'not-a-traceparent',
      'idempotency-key': 'k'.repeat(IDEMPOTENCY_KEY_LENGTH_MAX + 1),
    });
    expect(meta.correlationId).not.toContain(' ');
    expect(meta.traceparent).toBeUndefined();
    expect(meta.idempotencyKey).toBeUndefined();
  });
});
