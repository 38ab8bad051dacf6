import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { DomainError, entityId, PROJECT_STAGES, regionCode, shortText } from '@sunshine/domain';
import { LIST_PAGE_DEFAULT, LIST_PAGE_MAX, type LedgerQueries } from '@sunshine/ledger';
import {
  canAccessRegion,
  CurrentPrincipal,
  type Principal,
  registerRoute,
  Roles,
} from '@sunshine/platform';
import { LEDGER_QUERIES } from './ledger-runtime';
import { markPosition } from './position';
import { parseQuery } from './query-params';

const page = {
  limit: z.coerce.number().int().min(1).max(LIST_PAGE_MAX).optional(),
  cursor: entityId.optional(),
};

export const fundListQuery = z.strictObject({
  region: regionCode.optional(),
  category: shortText.optional(),
  department: shortText.optional(),
  fiscalYear: z.coerce.number().int().min(2000).max(2200).optional(),
  ...page,
});

export const projectListQuery = z.strictObject({
  region: regionCode.optional(),
  stage: z.enum(PROJECT_STAGES).optional(),
  ...page,
});

/**
 * The prefixes a list is restricted to: the caller's regions, narrowed to `region` when
 * asked; an administrator without `region` sees everything. A region wholly outside the
 * caller's regions is a 403, as for every other read.
 */
export function listPrefixes(principal: Principal, region: string | undefined) {
  if (region === undefined) return principal.role === 'admin' ? undefined : principal.regions;
  if (canAccessRegion(principal, region)) return [region];
  const inside = principal.regions.filter((prefix) => prefix.startsWith(region));
  if (inside.length === 0) {
    throw new DomainError('FORBIDDEN', `region ${region} is outside your regions`);
  }
  return inside;
}

/** The fund and project lists (`{items, nextCursor?}`, SPEC §7), pages in id order. */
@Controller('api/ledger')
@Roles('finance', 'project_manager', 'registrar', 'auditor')
export class ListsController {
  constructor(@Inject(LEDGER_QUERIES) private readonly queries: LedgerQueries) {}

  @Get('funds')
  async funds(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { region, limit, cursor, ...filter } = parseQuery(fundListQuery, query);
    const regionPrefixes = listPrefixes(principal, region);
    await markPosition(res, this.queries);
    return this.queries.fundList(
      { ...filter, ...(regionPrefixes ? { regionPrefixes } : {}) },
      { limit: limit ?? LIST_PAGE_DEFAULT, ...(cursor ? { after: cursor } : {}) },
    );
  }

  @Get('projects')
  async projects(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { region, limit, cursor, ...filter } = parseQuery(projectListQuery, query);
    const regionPrefixes = listPrefixes(principal, region);
    await markPosition(res, this.queries);
    return this.queries.projectList(
      { ...filter, ...(regionPrefixes ? { regionPrefixes } : {}) },
      { limit: limit ?? LIST_PAGE_DEFAULT, ...(cursor ? { after: cursor } : {}) },
    );
  }
}

/** Documents the two lists in `/api/docs`. */
export function registerListRoutes(): void {
  const roles: ['finance', 'project_manager', 'registrar', 'auditor'] = [
    'finance',
    'project_manager',
    'registrar',
    'auditor',
  ];
  const tags = ['ledger-projector'];
  registerRoute({ method: 'get', path: '/api/ledger/funds', roles, tags,
    summary: 'Funds by region, category, department and fiscal year, in pages',
    querySchema: fundListQuery });
  registerRoute({ method: 'get', path: '/api/ledger/projects', roles, tags,
    summary: 'Projects by region and stage, in pages', querySchema: projectListQuery });
}
