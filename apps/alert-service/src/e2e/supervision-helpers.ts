import type { TestApp } from '@sunshine/testing';

export const COUNTY = '320826';
export const VILLAGE = '320826100201';
const WAIT_MS = 30_000;

export interface AlertItem {
  alertId: string;
  rule: string;
  severity: string;
  status: string;
  subject: { type: string; id: string };
  regionCode: string;
}

export async function created(
  app: TestApp,
  path: string,
  token: string,
  body: unknown,
): Promise<{ id: string; streamId: string; version: number }> {
  const response = await app.request('POST', path, { token, body });
  if (response.status !== 201) {
    throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as { id: string; streamId: string; version: number };
}

/** Polls the alert list until `ready` holds, as a client waiting for its own write. */
export async function alertsWhen(
  app: TestApp,
  token: string,
  ready: (items: AlertItem[]) => boolean,
  query = '',
): Promise<AlertItem[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const response = await app.request('GET', `/api/alerts?limit=500${query}`, { token });
    const items = (response.body as { items?: AlertItem[] }).items ?? [];
    if (response.status === 200 && ready(items)) return items;
    if (Date.now() > deadline) throw new Error(`alerts never settled: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const fundBody = (fundId: string) => ({
  fundId,
  name: '衔接资金',
  category: 'industry',
  department: '财政局',
  level: 'central',
  fiscalYear: 2024,
  countyCode: COUNTY,
  amountFen: 10_000_000,
  receivedOn: '2024-01-02',
});

export const allocationBody = (allocationId: string) => ({
  allocationId,
  target: { type: 'village', id: VILLAGE },
  villageCode: VILLAGE,
  amountFen: 1_000_000,
  allocatedOn: '2024-01-05',
});

export const paymentBody = (paymentId: string, householdId: string, amountFen = 10_000) => ({
  paymentId,
  allocationId: 'al-1',
  householdId,
  amountFen,
  paidOn: '2024-03-01',
  channel: 'bank',
  voucherNo: `v-${paymentId}`,
});

/** A fund with one allocation and `payments` household payments: 2 + payments events. */
export async function fundWithPayments(
  app: TestApp,
  finance: string,
  fundId: string,
  payments: number,
): Promise<void> {
  await created(app, '/api/funds', finance, fundBody(fundId));
  await created(app, `/api/funds/${fundId}/allocations`, finance, allocationBody('al-1'));
  for (let i = 1; i <= payments; i += 1) {
    const body = paymentBody(`${fundId}-p${i}`, `hh-${i}`, 10_000 * i);
    await created(app, `/api/funds/${fundId}/household-payments`, finance, body);
  }
}
