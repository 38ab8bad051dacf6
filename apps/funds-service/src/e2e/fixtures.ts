import type { TestApp, TestResponse } from '@sunshine/testing';

/** A small county with two villages, and bodies valid for every write route. */
export const COUNTY = '320826';
export const TOWN = '320826100';
export const VILLAGE = '320826100201';
export const OTHER_VILLAGE = '320826100202';
export const OTHER_COUNTY = '320830';
export const OTHER_COUNTY_VILLAGE = '320830100201';

export const fundBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: '2024年中央财政衔接推进乡村振兴补助资金',
  category: 'industry',
  department: '财政局',
  level: 'central',
  fiscalYear: 2024,
  countyCode: COUNTY,
  amountFen: 1_000_000,
  receivedOn: '2024-01-10',
  ...overrides,
});

export const allocationBody = (overrides: Record<string, unknown> = {}) => ({
  target: { type: 'village', id: VILLAGE },
  villageCode: VILLAGE,
  amountFen: 400_000,
  allocatedOn: '2024-02-01',
  ...overrides,
});

export const disbursementBody = (
  allocationId: string,
  overrides: Record<string, unknown> = {},
) => ({
  allocationId,
  payee: { type: 'contractor', id: 'c-1', name: '涟水建工' },
  amountFen: 100_000,
  paidOn: '2024-03-01',
  voucherNo: 'V-001',
  ...overrides,
});

export const paymentBody = (allocationId: string, overrides: Record<string, unknown> = {}) => ({
  allocationId,
  householdId: 'hh-1',
  amountFen: 50_000,
  paidOn: '2024-03-02',
  channel: 'bank',
  voucherNo: 'P-001',
  ...overrides,
});

export const returnBody = (overrides: Record<string, unknown> = {}) => ({
  amountFen: 10_000,
  returnedOn: '2024-04-01',
  reason: 'project cancelled',
  ...overrides,
});

export const householdBody = (overrides: Record<string, unknown> = {}) => ({
  villageCode: VILLAGE,
  headName: '王小华',
  idNumber: '32082619800101123X',
  members: 3,
  registeredOn: '2023-12-01',
  ...overrides,
});

/** The tokens of a county's staff, and of a finance clerk of another county. */
export function countyTokens(app: TestApp) {
  return {
    admin: app.token('admin', []),
    finance: app.token('finance', [COUNTY]),
    registrar: app.token('registrar', [COUNTY]),
    auditor: app.token('auditor', ['32']),
    projectManager: app.token('project_manager', [COUNTY]),
    otherFinance: app.token('finance', [OTHER_COUNTY]),
  };
}

export interface Created {
  id: string;
  streamId: string;
  version: number;
}

/** Asserts a 201 write answer and returns it. */
export function created(response: TestResponse): Created {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status: 201,
    body: { id: expect.any(String), streamId: expect.any(String), version: expect.any(Number) },
  });
  return response.body as Created;
}

/** Asserts an error answer in the SPEC §7 format. */
export function expectError(response: TestResponse, status: number, code: string): void {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status,
    body: { error: { code, message: expect.any(String), details: expect.any(Array) } },
  });
}

/** Receives a fund and allocates part of it; returns both ids. */
export async function fundWithAllocation(
  app: TestApp,
  token: string,
  amounts: { fundFen?: number; allocationFen?: number } = {},
): Promise<{ fundId: string; allocationId: string }> {
  const fund = created(
    await app.request('POST', '/api/funds', {
      token,
      body: fundBody({ amountFen: amounts.fundFen ?? 1_000_000 }),
    }),
  );
  const allocation = created(
    await app.request('POST', `/api/funds/${fund.id}/allocations`, {
      token,
      body: allocationBody({ amountFen: amounts.allocationFen ?? 400_000 }),
    }),
  );
  return { fundId: fund.id, allocationId: allocation.id };
}
