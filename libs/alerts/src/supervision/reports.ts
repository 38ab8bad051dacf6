import { createHash, randomBytes } from 'node:crypto';
import { alertStreamId, reportDecider, reportStreamId } from '@sunshine/domain';
import { loadStream, type EventStore } from '@sunshine/event-store';
import { alertIdOf } from '../candidate';
import { PUBLIC_REPORT_CAUSE } from '../rules';

/**
 * Public reports (SPEC §12 一键举报). The reporter keeps a tracking code: 16 characters from a
 * 32-letter alphabet, 80 random bits from the operating system's generator, so codes cannot
 * be guessed or enumerated. The report id is derived from the code by SHA-256: a lookup is
 * one hash and one stream read, the same work for a hit and a miss, and a report id (which
 * auditors see) does not reveal the code.
 */

export const TRACKING_CODE_LENGTH = 16;
const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TRACKING_CODE_PATTERN = new RegExp(`^[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`);
const REPORT_ID_HEX_LENGTH = 32;

export function newTrackingCode(): string {
  // 256 is a multiple of 32, so `byte % 32` picks every letter with the same chance.
  const bytes = randomBytes(TRACKING_CODE_LENGTH);
  return Array.from(bytes, (byte) => TRACKING_ALPHABET[byte % 32]).join('');
}

export function isTrackingCode(value: string): boolean {
  return TRACKING_CODE_PATTERN.test(value);
}

export function reportIdOf(trackingCode: string): string {
  const digest = createHash('sha256').update(`sunshine-report:${trackingCode}`).digest('hex');
  return `r-${digest.slice(0, REPORT_ID_HEX_LENGTH)}`;
}

/** The id of the PUBLIC_REPORT alert a report raises. */
export function reportAlertId(reportId: string): string {
  return alertIdOf({
    rule: 'PUBLIC_REPORT',
    subject: { type: 'report', id: reportId },
    cause: PUBLIC_REPORT_CAUSE,
  });
}

export type ReportStatus = 'received' | 'under_review' | 'closed';

/** All a reporter learns (SPEC §12): nothing about the report's content or anyone in it. */
export interface ReportStatusView {
  status: ReportStatus;
  resolution?: string;
  updatedOn: string;
}

/**
 * The report's status follows its alert: acknowledged → under review, resolved → closed with
 * the resolution. Both streams come from the event store, so the answer is current even
 * before the alert read model has caught up. Undefined for an unknown code.
 */
export async function reportStatus(
  store: EventStore,
  trackingCode: string,
): Promise<ReportStatusView | undefined> {
  if (!isTrackingCode(trackingCode)) return undefined;
  const reportId = reportIdOf(trackingCode);
  const { version } = await loadStream(store, reportDecider, reportStreamId(reportId));
  if (version === 0) return undefined;
  const [received] = await store.readStream(reportStreamId(reportId), { maxCount: 1 });
  let view: ReportStatusView = {
    status: 'received',
    updatedOn: (received?.recordedAt ?? '').slice(0, 10),
  };
  const alertEvents = await store.readStream(alertStreamId(reportAlertId(reportId)));
  for (const event of alertEvents) {
    const updatedOn = event.recordedAt.slice(0, 10);
    if (event.type === 'AlertAcknowledged') view = { status: 'under_review', updatedOn };
    if (event.type === 'AlertResolved') {
      const resolution = typeof event.data.resolution === 'string' ? event.data.resolution : '';
      view = { status: 'closed', resolution, updatedOn };
    }
  }
  return view;
}
