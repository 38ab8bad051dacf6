import { currentTraceparent, inSpan, startTelemetry, withTraceparent } from './telemetry';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

describe('telemetry without a collector', () => {
  const telemetry = startTelemetry('telemetry-spec', {});
  afterAll(() => telemetry.shutdown());

  it('does not export', () => {
    expect(telemetry.exporting).toBe(false);
  });

  it('has no traceparent outside a span and a W3C one inside', async () => {
    expect(currentTraceparent()).toBeUndefined();
    const inside = await inSpan('command', async () => currentTraceparent());
    expect(inside).toMatch(TRACEPARENT);
  });

  it('continues the trace of a received traceparent in a child span', async () => {
    const upstream = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const child = await withTraceparent(upstream, () =>
      inSpan('projection', async () => currentTraceparent()),
    );
    const [, traceId, spanId] = TRACEPARENT.exec(child ?? '') ?? [];
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(spanId).not.toBe('b7ad6b7169203331');
  });
});
