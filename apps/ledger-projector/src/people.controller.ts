import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, WATCH_LINE_FEN_DEFAULT } from '@sunshine/domain';
import type { LedgerQueries } from '@sunshine/ledger';
import {
  canAccessRegion,
  CurrentPrincipal,
  intParam,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { LEDGER_QUERIES } from './ledger-runtime';
import {
  assetListQuery,
  householdListQuery,
  listRegionPrefixes,
  watchListQuery,
} from './people-params';
import { markPosition } from './position';
import { asOfOrToday, idPath, parseQuery } from './query-params';

/** Helpers, assets, the return-to-poverty watch list and the household list (SPEC §13). */
@Controller('api/ledger')
@Roles('finance', 'project_manager', 'registrar', 'auditor')
export class PeopleController {
  private readonly watchLineFen: number;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(LEDGER_QUERIES) private readonly queries: LedgerQueries,
  ) {
    this.watchLineFen = intParam(runtime.config, 'WATCH_LINE_FEN', WATCH_LINE_FEN_DEFAULT);
  }

  @Get('households')
  async households(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { region, cursor, ...filters } = parseQuery(householdListQuery, query);
    const regionPrefixes = listRegionPrefixes(principal, region);
    await markPosition(res, this.queries);
    return this.queries.people.households({ ...filters, regionPrefixes, after: cursor });
  }

  @Get('watch-list')
  @Roles('registrar', 'auditor')
  async watchList(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { region, cursor, asOf, limit } = parseQuery(watchListQuery, query);
    const regionPrefixes = listRegionPrefixes(principal, region);
    await markPosition(res, this.queries);
    const on = asOfOrToday(this.runtime, asOf);
    const page = await this.queries.people.watchList({
      regionPrefixes, asOf: on, watchLineFen: this.watchLineFen, after: cursor, limit,
    });
    return { asOf: on, watchLineFen: this.watchLineFen, ...page };
  }

  @Get('helpers/:id')
  async helper(
    @Param() params: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = parseQuery(idPath, params);
    await markPosition(res, this.queries);
    const ledger = await this.queries.people.helper(id);
    // A helper may cover villages of several counties: any one of them inside the caller's
    // regions lets the caller read the ledger.
    if (!ledger.villageCodes.some((code) => canAccessRegion(principal, code))) {
      throw new DomainError('FORBIDDEN', `helper ${id} works outside your regions`);
    }
    return ledger;
  }

  @Get('assets')
  async assets(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { region, cursor, limit } = parseQuery(assetListQuery, query);
    const regionPrefixes = listRegionPrefixes(principal, region);
    await markPosition(res, this.queries);
    return this.queries.people.assets({ regionPrefixes, after: cursor, limit });
  }
}
