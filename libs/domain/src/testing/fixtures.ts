import type { EventData, EventOf } from '../events';

/**
 * Sample events for specs: valid data with the fields a spec cares about overridable.
 * Codes sit in one county (320826), one town and two villages.
 */
export const SAMPLE_COUNTY = '320826';
export const SAMPLE_VILLAGE = '320826100201';
export const OTHER_VILLAGE = '320826100202';

export const fundReceived = (
  data: Partial<EventData<'FundReceived'>> = {},
): EventOf<'FundReceived'> => ({
  type: 'FundReceived',
  data: {
    name: 'Industrial support fund 2024',
    category: 'industry',
    department: 'finance',
    level: 'province',
    fiscalYear: 2024,
    countyCode: SAMPLE_COUNTY,
    amountFen: 1_000_000,
    receivedOn: '2024-01-10',
    ...data,
  },
});

export const fundAllocated = (
  data: Partial<EventData<'FundAllocated'>> = {},
): EventOf<'FundAllocated'> => ({
  type: 'FundAllocated',
  data: {
    allocationId: 'a1',
    target: { type: 'village', id: data.villageCode ?? SAMPLE_VILLAGE },
    villageCode: SAMPLE_VILLAGE,
    amountFen: 400_000,
    allocatedOn: '2024-02-01',
    ...data,
  },
});

export const fundDisbursed = (
  data: Partial<EventData<'FundDisbursed'>> = {},
): EventOf<'FundDisbursed'> => ({
  type: 'FundDisbursed',
  data: {
    disbursementId: 'd1',
    allocationId: 'a1',
    payee: { type: 'contractor', id: 'c-1', name: 'Road works Ltd' },
    amountFen: 100_000,
    paidOn: '2024-03-01',
    voucherNo: 'V-001',
    ...data,
  },
});

export const householdPaid = (
  data: Partial<EventData<'HouseholdPaid'>> = {},
): EventOf<'HouseholdPaid'> => ({
  type: 'HouseholdPaid',
  data: {
    paymentId: 'p1',
    allocationId: 'a1',
    householdId: 'h1',
    amountFen: 50_000,
    paidOn: '2024-03-05',
    channel: 'bank',
    voucherNo: 'V-002',
    ...data,
  },
});

export const fundReturned = (
  data: Partial<EventData<'FundReturned'>> = {},
): EventOf<'FundReturned'> => ({
  type: 'FundReturned',
  data: {
    returnId: 'r1',
    amountFen: 10_000,
    returnedOn: '2024-04-01',
    reason: 'unused',
    ...data,
  },
});

export const householdRegistered = (
  data: Partial<EventData<'HouseholdRegistered'>> = {},
): EventOf<'HouseholdRegistered'> => ({
  type: 'HouseholdRegistered',
  data: {
    villageCode: SAMPLE_VILLAGE,
    headName: 'Wang Xiaohua',
    idNumber: '32082619800101123X',
    members: 4,
    registeredOn: '2023-01-05',
    ...data,
  },
});

export const projectRegistered = (
  data: Partial<EventData<'ProjectRegistered'>> = {},
): EventOf<'ProjectRegistered'> => ({
  type: 'ProjectRegistered',
  data: {
    name: 'Village greenhouse',
    villageCode: SAMPLE_VILLAGE,
    kind: 'agriculture',
    budgetFen: 5_000_000,
    registeredOn: '2024-01-15',
    ...data,
  },
});

export const alertRaised = (
  data: Partial<EventData<'AlertRaised'>> = {},
): EventOf<'AlertRaised'> => ({
  type: 'AlertRaised',
  data: {
    rule: 'IDLE_ALLOCATION',
    severity: 'medium',
    subject: { type: 'allocation', id: 'f1/a1' },
    regionCode: SAMPLE_VILLAGE,
    amountFen: 300_000,
    evidence: ['evt-1'],
    detectedOn: '2024-06-30',
    cause: 'idle since 2024-02-01',
    ...data,
  },
});
