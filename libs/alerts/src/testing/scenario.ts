import {
  fundStreamId,
  householdStreamId,
  projectStreamId,
  type DomainEvent,
} from '@sunshine/domain';

/** A small county with one of each finding, for integration specs. */

export const COUNTY = '320826';
export const VILLAGE = '320826100201';

export const fundReceived = (amountFen: number, receivedOn: string): DomainEvent => ({
  type: 'FundReceived',
  data: {
    name: 'Industry support 2024',
    category: 'industry',
    department: 'finance',
    level: 'county',
    fiscalYear: 2024,
    countyCode: COUNTY,
    amountFen,
    receivedOn,
  },
});

export const allocated = (
  allocationId: string,
  amountFen: number,
  perHouseholdCapFen?: number,
): DomainEvent => ({
  type: 'FundAllocated',
  data: {
    allocationId,
    target: { type: 'village', id: VILLAGE },
    villageCode: VILLAGE,
    amountFen,
    allocatedOn: '2024-01-05',
    ...(perHouseholdCapFen ? { perHouseholdCapFen } : {}),
  },
});

export const paid = (
  paymentId: string,
  householdId: string,
  amountFen: number,
  paidOn: string,
): DomainEvent => ({
  type: 'HouseholdPaid',
  data: {
    paymentId,
    allocationId: 'a1',
    householdId,
    amountFen,
    paidOn,
    channel: 'bank',
    voucherNo: `v-${paymentId}`,
  },
});

export const registered = (registeredOn: string): DomainEvent => ({
  type: 'HouseholdRegistered',
  data: {
    villageCode: VILLAGE,
    headName: '王小华',
    idNumber: '32082619900101123X',
    members: 3,
    registeredOn,
  },
});

export const projectRegistered: DomainEvent = {
  type: 'ProjectRegistered',
  data: {
    name: 'Greenhouses',
    villageCode: VILLAGE,
    kind: 'industry',
    budgetFen: 5_000_000,
    registeredOn: '2024-01-01',
  },
};

export const disbursedToProject = (
  disbursementId: string,
  projectId: string,
  paidOn: string,
): DomainEvent => ({
  type: 'FundDisbursed',
  data: {
    disbursementId,
    allocationId: 'a1',
    payee: { type: 'project', id: projectId, name: 'Greenhouses' },
    amountFen: 1_000_000,
    paidOn,
    voucherNo: `v-${disbursementId}`,
  },
});

/** Streams and events: four event-driven findings and, as of 2024-09-01, four scan findings. */
export function countyScenario(): [string, DomainEvent[]][] {
  return [
    [householdStreamId('h1'), [registered('2023-06-01')]],
    [projectStreamId('pr1'), [projectRegistered]],
    [
      fundStreamId('f1'),
      [
        fundReceived(100_000_000, '2024-01-02'),
        allocated('a1', 10_000_000, 200_000),
        allocated('a2', 5_000_000),
        paid('p1', 'h1', 100_000, '2024-02-01'),
        // 29 days after p1 (2024 is a leap year): a duplicate.
        paid('p2', 'h1', 100_000, '2024-03-01'),
        paid('p3', 'ghost', 50_000, '2024-02-10'),
        paid('p4', 'h1', 300_000, '2024-04-15'),
        disbursedToProject('d1', 'pr1', '2024-02-15'),
      ],
    ],
  ];
}
