import { percentile } from '../measure';
import { COUNTY, projectionPosition, TOWN, VILLAGE_CPS, VILLAGE_LONG,
  type HttpClient } from './client';
import { closedLoop, openLoop, type LoopResult, type OpenLoopResult } from './load';
import { paymentBody, type SeededFund } from './seed';

/** The HTTP measures of SPEC §9, each against a running host. */

/** A command on a long stream folds all of it today: seconds, not milliseconds. */
export const COMMAND_TIMEOUT_MS = 120_000;
export const READ_TIMEOUT_MS = 30_000;
export const READ_IN_FLIGHT_MAX = 256;
const PROJECTION_POLL_MS = 500;
const CREATED = 201;
const OK = 200;

/** Payment ids and amounts come from one counter per run, so none ever repeats. */
export interface Sequence { last: number }

export interface LatencyFigures {
  p50Ms: number | null;
  p99Ms: number | null;
}

export function latencyFigures(latenciesMs: number[]): LatencyFigures {
  if (latenciesMs.length === 0) return { p50Ms: null, p99Ms: null };
  return { p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) };
}

function pay(http: HttpClient, fund: SeededFund, sequence: Sequence, timeoutMs: number) {
  return () => {
    sequence.last += 1;
    const seq = sequence.last;
    return http.send('POST', `/api/funds/${fund.fundId}/household-payments`, {
      token: http.token('finance'), timeoutMs,
      body: paymentBody(fund.villageCode, `bench-p-${seq}`, seq),
    });
  };
}

export interface CommandLevel extends LatencyFigures {
  clients: number;
  commandsPerSecond: number;
  ok: number;
  result: LoopResult;
}

/** Closed loop on one fund: N clients for `measureMs` after `warmupMs`, 201s counted. */
export async function commandLevel(http: HttpClient, fund: SeededFund, sequence: Sequence,
  shape: { clients: number; warmupMs: number; measureMs: number }): Promise<CommandLevel> {
  const result = await closedLoop({ ...shape, requestsMax: Number.MAX_SAFE_INTEGER,
    expectedStatus: CREATED, call: pay(http, fund, sequence, COMMAND_TIMEOUT_MS) });
  const commandsPerSecond = result.elapsedMs > 0
    ? Math.round((result.ok * 1000) / result.elapsedMs) : 0;
  return { clients: shape.clients, commandsPerSecond, ok: result.ok, result,
    ...latencyFigures(result.latenciesMs) };
}

/**
 * The p50 of payment commands with 8 clients: one command first (it may load the stream into
 * a cache), then at most `commandsMax` commands or `measureMs`, whichever ends first.
 */
export async function commandP50(http: HttpClient, fund: SeededFund, sequence: Sequence,
  bounds: { commandsMax: number; measureMs: number }): Promise<CommandLevel> {
  const first = await pay(http, fund, sequence, COMMAND_TIMEOUT_MS)();
  if (first.status !== CREATED) {
    throw new Error(`warm-up command answered ${first.status} ${first.text.slice(0, 200)}`);
  }
  const result = await closedLoop({ clients: 8, warmupMs: 0, measureMs: bounds.measureMs,
    requestsMax: bounds.commandsMax, expectedStatus: CREATED,
    call: pay(http, fund, sequence, COMMAND_TIMEOUT_MS) });
  const commandsPerSecond = result.elapsedMs > 0
    ? Math.round((result.ok * 1000) / result.elapsedMs) : 0;
  return { clients: 8, commandsPerSecond, ok: result.ok, result,
    ...latencyFigures(result.latenciesMs) };
}

/**
 * Polls a cheap read of each consumer in the host (the ledger projection and the alert
 * engine) until both positions reach `head`, so that no catch-up competes with a measure.
 */
export async function waitForProjection(http: HttpClient, head: number,
  timeoutMs: number): Promise<{ caughtUp: boolean; position: number; waitedMs: number }> {
  const startedAt = performance.now();
  let position = -1;
  const positionOf = async (path: string) => projectionPosition(await http.send('GET', path, {
    token: http.token('auditor'), timeoutMs: READ_TIMEOUT_MS }));
  while (performance.now() - startedAt < timeoutMs) {
    position = Math.min(await positionOf(`/api/ledger/regions/${COUNTY}/summary`),
      await positionOf(`/api/alerts?region=${COUNTY}&status=resolved`));
    if (position >= head) break;
    await new Promise((r) => setTimeout(r, PROJECTION_POLL_MS));
  }
  return { caughtUp: position >= head, position,
    waitedMs: Math.round(performance.now() - startedAt) };
}

export interface ReadLoad extends LatencyFigures, OpenLoopResult {
  achievedRps: number;
}

async function readLoad(http: HttpClient, paths: string[],
  shape: { ratePerSecond: number; seconds: number }): Promise<ReadLoad> {
  const result = await openLoop({ ...shape, inFlightMax: READ_IN_FLIGHT_MAX,
    expectedStatus: OK, call: (seq) => http.send('GET', paths[seq % paths.length] as string, {
      token: http.token('auditor'), timeoutMs: READ_TIMEOUT_MS }) });
  const achievedRps = Math.round((result.ok * 1000) / Math.max(1, result.elapsedMs));
  return { ...result, achievedRps, ...latencyFigures(result.latenciesMs) };
}

/** One village history with nothing else in flight: its cost without queueing. */
export async function singleHistory(http: HttpClient): Promise<{ ms: number; bytes: number }> {
  const sentAt = performance.now();
  const answer = await http.send('GET', `/api/ledger/villages/${VILLAGE_LONG}/history`, {
    token: http.token('auditor'), timeoutMs: COMMAND_TIMEOUT_MS });
  if (answer.status !== OK) throw new Error(`history answered ${answer.status} ${answer.text}`);
  return { ms: Math.round(performance.now() - sentAt), bytes: answer.bytes };
}

export function villageHistoryLoad(http: HttpClient,
  shape: { ratePerSecond: number; seconds: number }): Promise<ReadLoad> {
  return readLoad(http, [`/api/ledger/villages/${VILLAGE_LONG}/history`], shape);
}

export function regionSummaryLoad(http: HttpClient,
  shape: { ratePerSecond: number; seconds: number }): Promise<ReadLoad> {
  const codes = [COUNTY, TOWN, VILLAGE_LONG, VILLAGE_CPS];
  return readLoad(http, codes.map((code) => `/api/ledger/regions/${code}/summary`), shape);
}
