import {
  BankResultsBody,
  PaymentBatchBody,
  PaymentBatchFileQuery,
  RejectDisbursementBody,
} from '@sunshine/domain';
import { registerRoute } from '@sunshine/platform';

/** Documents the SPEC §11 routes in `/api/docs`. */
export function registerMoneyRoutes(): void {
  const tags = ['funds-service', 'money-workflows'];
  const finance: ['finance'] = ['finance'];
  const readers: ['finance', 'auditor'] = ['finance', 'auditor'];
  registerRoute({ method: 'post', path: '/api/funds/{id}/payment-batches', tags, roles: finance,
    summary: 'Submit a payment batch: this JSON body, or the same rows as text/csv or an .xlsx ' +
      'workbook (columns allocationId, householdId, amountFen, voucherNo, paymentId, or the ' +
      'template\'s Chinese headers) with paidOn, channel and batchId as query parameters ' +
      '(a file without batchId is named by its SHA-256, so sending it twice is one batch). ' +
      'All rows or none; 422 names every bad row.',
    bodySchema: PaymentBatchBody, querySchema: PaymentBatchFileQuery.partial() });
  registerRoute({ method: 'get', path: '/api/funds/{id}/payment-batches/template.xlsx', tags,
    roles: readers, summary: 'The payment batch template workbook' });
  registerRoute({ method: 'get', path: '/api/funds/{id}/payment-batches', tags, roles: readers,
    summary: 'The fund\'s payment batches with their bank result counts' });
  registerRoute({ method: 'get', path: '/api/funds/{id}/payment-batches/{batchId}', tags,
    roles: readers, summary: 'A payment batch: rows, total, confirmed, failed, pending' });
  registerRoute({ method: 'post', path: '/api/funds/{id}/payment-batches/{batchId}/bank-results',
    tags, roles: finance, bodySchema: BankResultsBody,
    summary: 'Record the bank\'s results (JSON or text/csv with paymentId, status, bankRef, ' +
      'settledOn, reason); a failed payment returns its amount to the allocation' });
  registerRoute({ method: 'post', path: '/api/funds/{id}/disbursements/{disbursementId}/approve',
    tags, roles: finance, summary: 'Approve a disbursement waiting for approval (not by its ' +
      'requester: 403 SAME_USER)' });
  registerRoute({ method: 'post', path: '/api/funds/{id}/disbursements/{disbursementId}/reject',
    tags, roles: finance, bodySchema: RejectDisbursementBody,
    summary: 'Reject a disbursement waiting for approval, releasing its reservation' });
  registerRoute({ method: 'get', path: '/api/funds/{id}/approvals', tags, roles: readers,
    summary: 'Disbursements waiting for approval' });
}
