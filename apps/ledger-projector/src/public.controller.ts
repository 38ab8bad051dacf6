import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { LedgerQueries } from '@sunshine/ledger';
import { Public, RUNTIME, type Runtime } from '@sunshine/platform';
import { LEDGER_QUERIES } from './ledger-runtime';
import { markPosition } from './position';
import { REGION_SUMMARIES, type RegionSummaries } from './region-summaries';
import { asOfOrToday, asOfQuery, parseQuery, regionPath, villagePath } from './query-params';

/** What the public sees (SPEC §1 公众层): no token, no personal data. */
@Controller('api/public')
@Public()
export class PublicController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(LEDGER_QUERIES) private readonly queries: LedgerQueries,
    @Inject(REGION_SUMMARIES) private readonly summaries: RegionSummaries,
  ) {}

  @Get('villages/:code')
  async village(
    @Param() params: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { code } = parseQuery(villagePath, params);
    const { asOf } = parseQuery(asOfQuery, query);
    await markPosition(res, this.queries);
    return this.queries.publicVillage(code, asOfOrToday(this.runtime, asOf));
  }

  @Get('regions/:code/summary')
  async regionSummary(
    @Param() params: unknown,
    @Query() query: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { code } = parseQuery(regionPath, params);
    const { asOf } = parseQuery(asOfQuery, query);
    const position = await markPosition(res, this.queries);
    return this.summaries.publicRegionSummary(code, asOfOrToday(this.runtime, asOf), position);
  }
}
