import { forEachConcurrent } from '../measure';
import { COUNTY, createdId, TOWN, VILLAGE_CPS, VILLAGE_LONG, type HttpClient } from './client';

/**
 * Seeds a county through the public write routes, as its staff would: the regions, registered
 * households in both bench villages, and funds with one allocation each.
 */

/** Households registered per village; payments rotate over them (see paymentBody). */
export const HOUSEHOLDS_PER_VILLAGE = 100;
const SEED_CONCURRENCY = 8;
const SETUP_TIMEOUT_MS = 60_000;
/** Large enough that no measure runs an allocation dry (≤ 10^13, SPEC §3). */
export const FUND_FEN = 1_000_000_000_000;
export const ALLOCATION_ID = 'bench-a1';
export const ALLOCATED_ON = '2024-01-05';
/** Payments are dated over this many days after the allocation, so no day piles up. */
const PAYMENT_DAYS = 300;

export interface SeededFund {
  fundId: string;
  villageCode: string;
}

export const householdId = (villageCode: string, n: number): string =>
  `bench-hh-${villageCode.slice(-3)}-${n % HOUSEHOLDS_PER_VILLAGE}`;

/** A payment date from the sequence number: ALLOCATED_ON plus 1..PAYMENT_DAYS days. */
export function paidOn(seq: number): string {
  const day = new Date(`${ALLOCATED_ON}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1 + (seq % PAYMENT_DAYS));
  return day.toISOString().slice(0, 10);
}

/**
 * A valid payment for the fund's allocation. Amounts differ for every sequence number, so
 * the DUPLICATE_PAYMENT rule stays quiet and the alert pipeline does its ordinary work.
 */
export function paymentBody(villageCode: string, paymentId: string, seq: number) {
  return {
    paymentId, allocationId: ALLOCATION_ID, householdId: householdId(villageCode, seq),
    amountFen: 100 + seq, paidOn: paidOn(seq), channel: 'bank', voucherNo: `v-${seq}`,
  };
}

async function defineRegions(http: HttpClient): Promise<void> {
  const regions: [string, string][] = [[COUNTY, '涟水县'], [TOWN, '保滩镇'],
    [VILLAGE_LONG, '一村'], [VILLAGE_CPS, '二村']];
  for (const [code, name] of regions) {
    const answer = await http.send('PUT', `/api/regions/${code}`, {
      token: http.token('admin'), body: { name }, timeoutMs: SETUP_TIMEOUT_MS });
    if (answer.status >= 300) {
      throw new Error(`PUT region ${code}: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  }
}

async function registerHouseholds(http: HttpClient, villageCode: string): Promise<void> {
  const numbers = Array.from({ length: HOUSEHOLDS_PER_VILLAGE }, (_, n) => n);
  await forEachConcurrent(numbers, SEED_CONCURRENCY, async (n) => {
    const idNumber = `${villageCode.slice(0, 6)}1980${villageCode.slice(-3)}${String(n)
      .padStart(4, '0')}X`;
    createdId(await http.send('POST', '/api/households', {
      token: http.token('registrar'), timeoutMs: SETUP_TIMEOUT_MS,
      body: { householdId: householdId(villageCode, n), villageCode, headName: '王小华',
        idNumber, members: 3, registeredOn: '2023-12-01' },
    }), `register household ${n}`);
  });
}

export async function seedCounty(http: HttpClient): Promise<void> {
  await defineRegions(http);
  await registerHouseholds(http, VILLAGE_LONG);
  await registerHouseholds(http, VILLAGE_CPS);
}

export async function seedFund(http: HttpClient, fundId: string,
  villageCode: string): Promise<SeededFund> {
  const token = http.token('finance');
  createdId(await http.send('POST', '/api/funds', { token, timeoutMs: SETUP_TIMEOUT_MS, body: {
    fundId, name: 'bench fund', category: 'industry', department: '财政局', level: 'county',
    fiscalYear: 2024, countyCode: COUNTY, amountFen: FUND_FEN, receivedOn: '2024-01-02',
  } }), `receive fund ${fundId}`);
  createdId(await http.send('POST', `/api/funds/${fundId}/allocations`, {
    token, timeoutMs: SETUP_TIMEOUT_MS, body: {
      allocationId: ALLOCATION_ID, target: { type: 'village', id: villageCode }, villageCode,
      amountFen: FUND_FEN, allocatedOn: ALLOCATED_ON,
    } }), `allocate fund ${fundId}`);
  return { fundId, villageCode };
}
