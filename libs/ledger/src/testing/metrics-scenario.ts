import type { DomainEvent } from '@sunshine/domain';
import type { ScenarioEvent } from './scenario-events';

/**
 * A hand-computed county (see ledger metrics spec): two towns, three villages, two funds,
 * a payment to another village's household, returns with and without an allocation.
 */
export const COUNTY = '320826';
export const TOWN_A = '320826100';
export const TOWN_B = '320826101';
export const V1 = '320826100201';
export const V2 = '320826100202';
export const V3 = '320826101301';

const e = (streamId: string, occurredOn: string, event: DomainEvent): ScenarioEvent => ({
  streamId,
  occurredOn,
  event,
});

const received = (name: string, category: string, amountFen: number, receivedOn: string) =>
  ({
    type: 'FundReceived',
    data: {
      name,
      category,
      department: 'finance',
      level: 'county',
      fiscalYear: 2024,
      countyCode: COUNTY,
      amountFen,
      receivedOn,
    },
  }) as const;

const allocated = (
  allocationId: string,
  villageCode: string,
  amountFen: number,
  allocatedOn: string,
) =>
  ({
    type: 'FundAllocated',
    data: {
      allocationId,
      target: { type: 'village', id: villageCode },
      villageCode,
      amountFen,
      allocatedOn,
    },
  }) as const;

const paid = (
  paymentId: string,
  allocationId: string,
  householdId: string,
  amountFen: number,
  paidOn: string,
) =>
  ({
    type: 'HouseholdPaid',
    data: {
      paymentId,
      allocationId,
      householdId,
      amountFen,
      paidOn,
      channel: 'bank',
      voucherNo: paymentId,
    },
  }) as const;

const household = (villageCode: string, headName: string, idNumber: string) =>
  ({
    type: 'HouseholdRegistered',
    data: { villageCode, headName, idNumber, members: 4, registeredOn: '2024-01-05' },
  }) as const;

export function metricsScenario(tag: string): ScenarioEvent[] {
  const f1 = `fund-${tag}-f1`;
  const f2 = `fund-${tag}-f2`;
  const h1 = `${tag}-h1`;
  const h2 = `${tag}-h2`;
  const p1 = `project-${tag}-p1`;
  return [
    e(`region-${V1}`, '2024-01-01', {
      type: 'RegionDefined',
      data: { code: V1, name: '东村', level: 'village', weakVillage: true },
    }),
    e(`household-${h1}`, '2024-01-05', household(V1, '王小华', '320826199001011234')),
    e(`household-${h2}`, '2024-01-05', household(V2, '李明', '32082619900101123X')),
    e(f1, '2024-01-10', received('产业发展资金', 'industry', 1_000_000, '2024-01-10')),
    e(f1, '2024-01-15', allocated('a3', V3, 100_000, '2024-01-15')),
    e(p1, '2024-01-20', {
      type: 'ProjectRegistered',
      data: {
        name: '大棚',
        villageCode: V1,
        kind: 'greenhouse',
        budgetFen: 300_000,
        registeredOn: '2024-01-20',
      },
    }),
    e(f1, '2024-02-01', allocated('a1', V1, 300_000, '2024-02-01')),
    e(f1, '2024-02-01', allocated('a2', V2, 200_000, '2024-02-01')),
    e(p1, '2024-02-10', {
      type: 'ProjectStageAdvanced',
      data: { stage: 'feasibility', advancedOn: '2024-02-10', evidence: [] },
    }),
    e(f1, '2024-02-20', {
      type: 'FundDisbursed',
      data: {
        disbursementId: 'd1',
        allocationId: 'a2',
        payee: { type: 'contractor', id: 'c1', name: '建设公司' },
        amountFen: 150_000,
        paidOn: '2024-02-20',
        voucherNo: 'v-d1',
      },
    }),
    e(f2, '2024-03-01', received('危房改造资金', 'housing', 500_000, '2024-03-01')),
    e(f1, '2024-03-01', paid('pay1', 'a1', h2, 40_000, '2024-03-01')),
    e(f2, '2024-03-05', allocated('a4', V1, 200_000, '2024-03-05')),
    e(f1, '2024-04-10', paid('pay2', 'a1', h1, 60_000, '2024-04-10')),
    e(`household-${h2}`, '2024-05-01', {
      type: 'HouseholdExitedPoverty',
      data: { exitedOn: '2024-05-01' },
    }),
    e(f1, '2024-05-01', {
      type: 'FundReturned',
      data: {
        returnId: 'r1',
        allocationId: 'a2',
        amountFen: 50_000,
        returnedOn: '2024-05-01',
        reason: 'unused',
      },
    }),
    e(f1, '2024-06-01', {
      type: 'FundReturned',
      data: { returnId: 'r2', amountFen: 100_000, returnedOn: '2024-06-01', reason: 'unallocated' },
    }),
  ];
}
