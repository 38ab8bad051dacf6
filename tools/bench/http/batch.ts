import type { HttpClient } from './client';
import { ALLOCATION_ID, householdId, paidOn, type SeededFund } from './seed';
import type { Sequence } from './measures';

/** SPEC §11 payment batches: JSON batches of `rows` payments posted one after another. */

const BATCH_TIMEOUT_MS = 300_000;
const NOT_FOUND = 404;

export type BatchImport =
  | { paymentsPerSecond: number; rows: number; requests: number; elapsedMs: number }
  | { paymentsPerSecond: null; reason: string };

function batchBody(fund: SeededFund, sequence: Sequence, rows: number) {
  const first = sequence.last + 1;
  sequence.last += rows;
  return {
    batchId: `bench-batch-${first}`, paidOn: paidOn(first), channel: 'bank',
    rows: Array.from({ length: rows }, (_, i) => ({
      paymentId: `bench-b-${first + i}`, allocationId: ALLOCATION_ID,
      householdId: householdId(fund.villageCode, first + i), amountFen: 100 + first + i,
      voucherNo: `vb-${first + i}`,
    })),
  };
}

export async function batchImport(http: HttpClient, fund: SeededFund, sequence: Sequence,
  shape: { rows: number; requests: number }): Promise<BatchImport> {
  // An empty batch is refused by a built route (400/422) and unknown to a missing one (404).
  const probe = await http.send('POST', `/api/funds/${fund.fundId}/payment-batches`, {
    token: http.token('finance'), body: {}, timeoutMs: BATCH_TIMEOUT_MS });
  if (probe.status === NOT_FOUND) {
    return { paymentsPerSecond: null, reason: 'payment batches (SPEC §11) are not built' };
  }
  let elapsedMs = 0;
  for (let request = 0; request < shape.requests; request += 1) {
    const body = batchBody(fund, sequence, shape.rows);
    const sentAt = performance.now();
    const answer = await http.send('POST', `/api/funds/${fund.fundId}/payment-batches`, {
      token: http.token('finance'), body, timeoutMs: BATCH_TIMEOUT_MS });
    elapsedMs += performance.now() - sentAt;
    if (answer.status !== 201) {
      return { paymentsPerSecond: null,
        reason: `batch ${request + 1} answered ${answer.status} ${answer.text.slice(0, 200)}` };
    }
  }
  const rows = shape.rows * shape.requests;
  return { paymentsPerSecond: Math.round((rows * 1000) / elapsedMs), rows,
    requests: shape.requests, elapsedMs: Math.round(elapsedMs) };
}
