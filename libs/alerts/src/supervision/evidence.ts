import type { StoredEvent } from '@sunshine/event-store';

/** An evidence event as an auditor reads it (SPEC §12 `GET /api/alerts/{id}`). */
export interface EvidenceItem {
  eventId: string;
  type: string;
  occurredOn: string;
  amountFen?: number;
  streamId: string;
  summary: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/**
 * One line per event type, in the words of the ledger. Only fields an auditor may see: no id
 * numbers, and a public report's contact is never repeated here.
 */
function summaryOf(event: StoredEvent, amountFen: number | undefined): string {
  const d = event.data;
  const money = amountFen === undefined ? '' : ` ${yuan(amountFen)}`;
  switch (event.type) {
    case 'HouseholdPaid':
      return `paid${money} to household ${text(d.householdId)} from allocation ` +
        `${text(d.allocationId)} on ${text(d.paidOn)}, voucher ${text(d.voucherNo)}`;
    case 'FundDisbursed': {
      const payee = (d.payee ?? {}) as Record<string, unknown>;
      return `disbursed${money} to ${text(payee.type)} ${text(payee.id)} (${text(payee.name)}) ` +
        `from allocation ${text(d.allocationId)} on ${text(d.paidOn)}`;
    }
    case 'FundAllocated':
      return `allocated${money} as ${text(d.allocationId)} to village ${text(d.villageCode)}`;
    case 'FundReceived':
      return `received${money}: ${text(d.name)}`;
    case 'FundReturned':
      return `returned${money}: ${text(d.reason)}`;
    case 'HouseholdRegistered':
      return `household registered in village ${text(d.villageCode)}`;
    case 'PublicReportReceived':
      return `public report about region ${text(d.regionCode)}: ${text(d.text)}`;
    case 'AlertAssigned':
      return `assigned to ${text(d.assignee)}, due ${text(d.dueOn)}`;
    default:
      return `${event.type} in ${event.streamId}`;
  }
}

export function evidenceItem(event: StoredEvent): EvidenceItem {
  const raw = event.data.amountFen;
  const amountFen = typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : undefined;
  return {
    eventId: event.eventId,
    type: event.type,
    occurredOn: event.occurredOn,
    ...(amountFen !== undefined ? { amountFen } : {}),
    streamId: event.streamId,
    summary: summaryOf(event, amountFen),
  };
}

/** Who a payment alert's money went to: the household, or the payee of a disbursement. */
export function recipientOf(
  events: readonly StoredEvent[],
): { householdId?: string; payee?: { type: string; id: string; name: string } } {
  for (const event of events) {
    if (event.type === 'HouseholdPaid') return { householdId: text(event.data.householdId) };
    if (event.type === 'FundDisbursed') {
      const payee = (event.data.payee ?? {}) as Record<string, unknown>;
      return { payee: { type: text(payee.type), id: text(payee.id), name: text(payee.name) } };
    }
  }
  return {};
}
