import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AlertEngine, AlertWriteResult, ScanResult } from '@sunshine/alerts';
import { runAlertCommand } from '@sunshine/alerts';
import { DomainError, notFound } from '@sunshine/domain';
import {
  assertRegionAccess,
  CurrentPrincipal,
  Meta,
  parseBody,
  parseQueryParams,
  type Principal,
  type RequestMeta,
  Roles,
  RUNTIME,
  type Runtime,
  today,
} from '@sunshine/platform';
import { assertAlertInRegion, visibleRegionPrefixes } from './alert-access';
import { assignBody } from './supervision/supervision-schemas';
import { ALERT_ENGINE } from './alert-runtime';
import {
  acknowledgeBody,
  alertPath,
  listAlertsQuery,
  resolveBody,
  scanBody,
} from './alert-schemas';

export const PROJECTION_POSITION_HEADER = 'X-Projection-Position';

/** The alert API (SPEC §7): every role reads inside its regions; auditors act on alerts. */
@Controller('api/alerts')
@Roles('finance', 'project_manager', 'registrar', 'auditor')
export class AlertsController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(ALERT_ENGINE) private readonly engine: AlertEngine,
  ) {}

  @Get()
  async list(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { region, ...filters } = parseQueryParams(listAlertsQuery, query);
    const regionPrefixes = visibleRegionPrefixes(principal, region);
    await this.markPosition(res);
    return this.engine.list({ ...filters, regionPrefixes });
  }

  @Get(':id')
  async get(
    @Param() params: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = parseBody(alertPath, params);
    await this.markPosition(res);
    // The fold checks the alert stream's hash chain before its history is answered.
    await assertAlertInRegion(this.runtime.store, id, principal);
    const alert = await this.engine.detail(id);
    if (!alert) throw notFound('alert', id);
    assertRegionAccess(principal, alert.regionCode);
    return alert;
  }

  @Post(':id/assign')
  @Roles('auditor')
  async assign(
    @Param() params: unknown,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AlertWriteResult> {
    const { id } = parseBody(alertPath, params);
    const { assignee, dueOn, note } = parseBody(assignBody, body);
    await assertAlertInRegion(this.runtime.store, id, principal);
    const data = { alertId: id, by: principal.sub, assignee, dueOn, note: note ?? '' };
    return this.run({ type: 'AssignAlert', data }, principal, meta);
  }

  @Post('scan')
  @Roles('auditor')
  async scan(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScanResult> {
    const { asOf } = parseBody(scanBody, body ?? {});
    const now = today(this.runtime);
    if (asOf !== undefined && asOf > now) {
      throw new DomainError('VALIDATION_FAILED', 'a scan cannot run as of a future date', [
        { path: 'asOf', message: `must not be after today (${now})` },
      ]);
    }
    // An admin scans everywhere; anyone else only inside their own regions.
    const regions = principal.role === 'admin' ? undefined : principal.regions;
    return this.engine.scan(asOf ?? now, regions);
  }

  @Post(':id/acknowledge')
  @Roles('auditor')
  async acknowledge(
    @Param() params: unknown,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AlertWriteResult> {
    const { id } = parseBody(alertPath, params);
    const { note } = parseBody(acknowledgeBody, body ?? {});
    await assertAlertInRegion(this.runtime.store, id, principal);
    const data = { alertId: id, by: principal.sub, note: note ?? '' };
    return this.run({ type: 'AcknowledgeAlert', data }, principal, meta);
  }

  @Post(':id/resolve')
  @Roles('auditor')
  async resolve(
    @Param() params: unknown,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<AlertWriteResult> {
    const { id } = parseBody(alertPath, params);
    const { resolution, note } = parseBody(resolveBody, body);
    await assertAlertInRegion(this.runtime.store, id, principal);
    const data = { alertId: id, by: principal.sub, resolution, note: note ?? '' };
    return this.run({ type: 'ResolveAlert', data }, principal, meta);
  }

  private async run(
    command: Parameters<typeof runAlertCommand>[1],
    principal: Principal,
    meta: RequestMeta,
  ): Promise<AlertWriteResult> {
    if (command.type === 'RaiseAlert') throw new DomainError('FORBIDDEN', 'rules raise alerts');
    const { id, streamId, version } = await runAlertCommand(this.runtime.store, command, {
      actor: { sub: principal.sub, role: principal.role },
      occurredOn: today(this.runtime),
      ...meta,
      idempotencyKey: meta.idempotencyKey && `${principal.sub}:${meta.idempotencyKey}`,
    });
    return { id, streamId, version };
  }

  /** Set before the read runs, so the header never claims more than the answer holds. */
  private async markPosition(res: Response): Promise<void> {
    res.setHeader(PROJECTION_POSITION_HEADER, String(await this.engine.position()));
  }
}
