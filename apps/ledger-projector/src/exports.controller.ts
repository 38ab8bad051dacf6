import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { LedgerQueries } from '@sunshine/ledger';
import {
  assertRegionAccess,
  CurrentPrincipal,
  type Principal,
  Public,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { fiscalPackageQuery, oc4idsQuery, oc4idsUri, REPORT_ROLES } from './export-params';
import { ExportSlots, streamExport } from './export-response';
import { LEDGER_QUERIES } from './ledger-runtime';
import { markPosition } from './position';
import { asOfOrToday, asOfQuery, parseQuery, regionPath } from './query-params';
import { REGION_SUMMARIES, type RegionSummaries } from './region-summaries';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * SPEC §14 exports. The workbook is for the supervision layer inside its regions; the OC4IDS
 * package and the Fiscal Data Package hold public data only and follow the /api/public rules.
 */
@Controller('api/exports/regions/:code')
export class ExportsController {
  private readonly slots = new ExportSlots();

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(LEDGER_QUERIES) private readonly queries: LedgerQueries,
    @Inject(REGION_SUMMARIES) private readonly summaries: RegionSummaries,
  ) {}

  @Get('report.xlsx')
  @Roles(...REPORT_ROLES)
  async report(@Param() params: unknown, @Query() query: unknown,
    @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const { code } = parseQuery(regionPath, params);
    const { asOf } = parseQuery(asOfQuery, query);
    assertRegionAccess(principal, code);
    const on = asOfOrToday(this.runtime, asOf);
    await this.slots.run(async () => {
      const position = await markPosition(res, this.queries);
      const summary = await this.summaries.regionSummary({ regionCode: code, asOf: on }, position);
      const head = { contentType: XLSX, fileName: `report-${code}-${on}.xlsx`,
        fileNameUtf8: `专报-${code}-${on}.xlsx` };
      await streamExport(res, head, this.runtime.logger,
        (out) => this.queries.exports.writeRegionReport(out, summary));
    });
  }

  @Get('oc4ids.json')
  @Public()
  async oc4ids(@Param() params: unknown, @Query() query: unknown, @Res() res: Response) {
    const { code } = parseQuery(regionPath, params);
    const { asOf } = parseQuery(oc4idsQuery, query);
    const on = asOfOrToday(this.runtime, asOf);
    const { exports } = this.queries;
    await this.slots.run(async () => {
      await markPosition(res, this.queries);
      await exports.checkOc4ids(code, on);
      const place = (await exports.regionName(code)) ?? code;
      const path = `/api/exports/regions/${code}/oc4ids.json?asOf=${on}`;
      const uri = oc4idsUri(this.runtime.config.env.PUBLIC_BASE_URL, path,
        `urn:sunshine:oc4ids:${code}:${on}`);
      const text = exports.oc4idsText(code, on, uri, this.runtime.clock().toISOString(),
        `阳光扶贫监管平台（${place}）`);
      const head = { contentType: 'application/json; charset=utf-8',
        fileName: `oc4ids-${code}-${on}.json` };
      await streamExport(res, head, this.runtime.logger,
        (out) => pipeline(Readable.from(text, { objectMode: false }), out));
    });
  }

  @Get('fiscal-data-package.zip')
  @Public()
  async fiscalDataPackage(@Param() params: unknown, @Query() query: unknown,
    @Res() res: Response) {
    const { code } = parseQuery(regionPath, params);
    const { fiscalYear } = parseQuery(fiscalPackageQuery, query);
    const filter = { regionCode: code, ...(fiscalYear === undefined ? {} : { fiscalYear }) };
    const { exports } = this.queries;
    await this.slots.run(async () => {
      await markPosition(res, this.queries);
      const name = await exports.regionName(code);
      const fiscalPackage = await exports.openFiscalPackage(filter);
      const head = { contentType: 'application/zip',
        fileName: `fiscal-data-package-${code}-${fiscalYear ?? 'all'}.zip` };
      await streamExport(res, head, this.runtime.logger,
        (out) => fiscalPackage.write(out, name, this.runtime.clock().toISOString()));
    });
  }
}
