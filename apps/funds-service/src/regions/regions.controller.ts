import { Body, Controller, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { DefineRegionBody, regionDecider } from '@sunshine/domain';
import {
  CurrentPrincipal,
  parseBody,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
  today,
} from '@sunshine/platform';
import { runCommand, type WriteResult } from '../http/command-runner';
import { pathRegionCode } from '../http/guards';
import { Meta, type RequestMeta } from '../http/request-meta';

/** Regions are reference data: only the operator defines them (SPEC §1). */
@Controller('api/regions')
export class RegionsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Put(':code')
  @HttpCode(201)
  @Roles('admin')
  async define(
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DefineRegionBody, body);
    const regionCode = pathRegionCode(code);
    const command = { type: 'DefineRegion' as const, data: { ...data, code: regionCode } };
    // A region definition has no business date of its own: it takes effect the day it is made.
    const occurredOn = today(this.runtime);
    const request = { decider: regionDecider, command, occurredOn, principal, meta };
    return runCommand(this.runtime.store, request);
  }
}
