import { registerRoute } from '@sunshine/platform';
import type { z } from 'zod';
import { assetListQuery, householdListQuery, watchListQuery } from './people-params';
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
}
