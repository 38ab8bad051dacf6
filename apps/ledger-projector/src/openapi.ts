import { registerRoute } from '@sunshine/platform';
import type { z } from 'zod';
import { assetListQuery, householdListQuery, watchListQuery } from './people-params';
import { fiscalPackageQuery, oc4idsQuery, REPORT_ROLES } from './export-params';
import { asOfQuery, historyQuery, summaryQuery } from './query-params';

/** Documents the ledger projector's reads in `/api/docs`. */
export function registerLedgerRoutes(): void {
  const tags = ['ledger-projector'];
  const roles: ['finance', 'project_manager', 'registrar', 'auditor'] = [
    'finance',
    'project_manager',
    'registrar',
    'auditor',
  ];
  const read = (path: string, summary: string, querySchema: z.ZodType = asOfQuery) =>
    registerRoute({ method: 'get', path, summary, querySchema, roles, tags });
  read('/api/ledger/regions/{code}/summary', 'Region metrics as of a date', summaryQuery);
  read(
    '/api/ledger/villages/{code}/history',
    'A village replayed with running balances; verify=full re-verifies chains from genesis',
    historyQuery,
  );
  read('/api/ledger/households/{id}/timeline', 'A household timeline');
  read('/api/ledger/projects/{id}', 'A project ledger');
  read('/api/ledger/funds/{id}', 'A fund ledger as of a date');
  read('/api/ledger/households', 'Households of the register, paged; q matches the start of '
    + 'the head\'s name or of the household id (id numbers are neither searched nor returned)',
    householdListQuery);
  registerRoute({ method: 'get', path: '/api/ledger/watch-list', querySchema: watchListQuery,
    summary: 'Return-to-poverty watch list: LOW_INCOME, INCOME_DROP, RECENT_RETURN',
    roles: ['registrar', 'auditor'], tags });
  read('/api/ledger/helpers/{id}', 'A helper: households, visits, last visit per household');
  read('/api/ledger/assets', 'Project assets of a region with totals by kind', assetListQuery);
  const publicRead = (path: string, summary: string) =>
    registerRoute({ method: 'get', path, summary, querySchema: asOfQuery, public: true, tags });
  publicRead('/api/public/villages/{code}', 'A village for the public, names masked');
  publicRead('/api/public/regions/{code}/summary', 'Region metrics for the public');
  registerExportRoutes(tags);
}

/** SPEC §14 exports: the workbook for the supervision layer, two public packages. */
function registerExportRoutes(tags: string[]): void {
  const base = '/api/exports/regions/{code}';
  registerRoute({
    method: 'get', path: `${base}/report.xlsx`, tags, querySchema: asOfQuery,
    roles: [...REPORT_ROLES],
    summary: 'Workbook 专报 (sheets 汇总, 预警, 闲置资金, 项目), streamed; money in yuan',
    successContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  registerRoute({
    method: 'get', path: `${base}/oc4ids.json`, tags, querySchema: oc4idsQuery, public: true,
    summary: 'The region’s projects as an OC4IDS 0.9 project package; 404 without projects',
  });
  registerRoute({
    method: 'get', path: `${base}/fiscal-data-package.zip`, tags, public: true,
    querySchema: fiscalPackageQuery, successContentType: 'application/zip',
    summary: 'Fiscal Data Package: datapackage.json with receipts, allocations and payments ' +
      'as CSV, names masked, no household ids',
  });
}
