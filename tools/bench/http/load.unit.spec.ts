import type { Answer } from './client';
import { closedLoop, ERROR_SAMPLES_MAX, openLoop } from './load';

const answer = (status: number): Answer => ({ status, text: `s${status}`, bytes: 0, headers: {} });
const after = (ms: number, value: Answer) =>
  new Promise<Answer>((resolve) => setTimeout(() => resolve(value), ms));

describe('closed loop', () => {
  it('keeps exactly the given number of requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    await closedLoop({ clients: 5, warmupMs: 0, measureMs: 60, requestsMax: 1_000,
      expectedStatus: 201, call: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        const result = await after(5, answer(201));
        inFlight -= 1;
        return result;
      } });
    expect(peak).toBe(5);
  });

  it('counts other answers as errors, by status, and keeps a few samples', async () => {
    const result = await closedLoop({ clients: 2, warmupMs: 0, measureMs: 1_000, requestsMax: 20,
      expectedStatus: 201, call: (seq) => after(1, answer(seq % 2 === 0 ? 409 : 201)) });
    expect(result.ok + result.errors.count).toBe(20);
    expect(result.errors.byStatus).toEqual({ 409: result.errors.count });
    expect(result.errors.samples.length).toBeLessThanOrEqual(ERROR_SAMPLES_MAX);
  });

  it('starts no request beyond requestsMax and leaves warm-up answers out', async () => {
    let started = 0;
    const result = await closedLoop({ clients: 4, warmupMs: 30, measureMs: 2_000,
      requestsMax: 12, expectedStatus: 201, call: () => {
        started += 1;
        return after(10, answer(201));
      } });
    expect(started).toBe(12);
    expect(result.ok).toBeLessThan(12);
  });
});

describe('open loop', () => {
  it('skips arrivals at the in-flight limit and counts latency from the schedule', async () => {
    const result = await openLoop({ ratePerSecond: 200, seconds: 1, inFlightMax: 2,
      expectedStatus: 200, call: () => after(50, answer(200)) });
    expect(result.scheduled).toBe(200);
    expect(result.skipped).toBeGreaterThan(0);
    expect(result.ok + result.skipped).toBe(200);
    expect(Math.min(...result.latenciesMs)).toBeGreaterThanOrEqual(45);
  });
});
