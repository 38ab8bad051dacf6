import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { LedgerQueries } from '@sunshine/ledger';
import {
  assertRegionAccess,
  assertRole,
  CurrentPrincipal,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { LEDGER_QUERIES } from './ledger-runtime';
import { markPosition } from './position';
import {
  asOfOrToday,
  asOfQuery,
  FULL_VERIFY_ROLES,
  historyPage,
  historyQuery,
  idPath,
  parseQuery,
  regionPath,
  summaryQuery,
  villagePath,
} from './query-params';
import { REGION_SUMMARIES, type RegionSummaries } from './region-summaries';

/**
 * The supervision layer's ledger reads (SPEC §7). Every role may read inside its regions;
 * the region is checked after the entity is found, so an unknown id is a 404 for everyone.
 */
@Controller('api/ledger')
@Roles('finance', 'project_manager', 'registrar', 'auditor')
export class LedgerController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(LEDGER_QUERIES) private readonly queries: LedgerQueries,
    @Inject(REGION_SUMMARIES) private readonly summaries: RegionSummaries,
  ) {}

  @Get('regions/:code/summary')
  async summary(
    @Param() params: unknown,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { code } = parseQuery(regionPath, params);
    const { asOf, category, fiscalYear } = parseQuery(summaryQuery, query);
    assertRegionAccess(principal, code);
    const position = await markPosition(res, this.queries);
    const regionCode = code;
    return this.summaries.regionSummary(
      { regionCode, asOf: asOfOrToday(this.runtime, asOf), category, fiscalYear },
      position,
    );
  }

  @Get('villages/:code/history')
  async villageHistory(
    @Param() params: unknown,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { code } = parseQuery(villagePath, params);
    const parsed = parseQuery(historyQuery, query);
    const { asOf, verify } = parsed;
    assertRegionAccess(principal, code);
    if (verify === 'full') assertRole(principal, FULL_VERIFY_ROLES);
    await markPosition(res, this.queries);
    const on = asOfOrToday(this.runtime, asOf);
    return this.queries.villageHistory(code, on, verify, historyPage(parsed));
  }

  @Get('households/:id/timeline')
  async householdTimeline(
    @Param() params: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = parseQuery(idPath, params);
    await markPosition(res, this.queries);
    const timeline = await this.queries.householdTimeline(id);
    assertRegionAccess(principal, timeline.villageCode);
    return timeline;
  }

  @Get('projects/:id')
  async project(
    @Param() params: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = parseQuery(idPath, params);
    await markPosition(res, this.queries);
    const ledger = await this.queries.projectLedger(id);
    assertRegionAccess(principal, ledger.villageCode);
    return ledger;
  }

  @Get('funds/:id')
  async fund(
    @Param() params: unknown,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = parseQuery(idPath, params);
    const { asOf } = parseQuery(asOfQuery, query);
    await markPosition(res, this.queries);
    const ledger = await this.queries.fundLedger(id, asOfOrToday(this.runtime, asOf));
    assertRegionAccess(principal, ledger.countyCode);
    return ledger;
  }
}
