import { Body, Controller, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { DefineRegionBody, DomainError, RegionDefined, regionDecider } from '@sunshine/domain';
import {
  CurrentPrincipal,
  Meta,
  parseBody,
  pathRegionCode,
  type Principal,
  type RequestMeta,
  Roles,
  runCommand,
  RUNTIME,
  type Runtime,
  today,
  type WriteResult,
} from '@sunshine/platform';

/**
 * The body may repeat the code from the path, since `code` is a field of RegionDefined
 * (SPEC §4); when it does, the two must agree.
 */
const DefineRegionRequest = DefineRegionBody.extend({ code: RegionDefined.shape.code.optional() });

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
    const { code: bodyCode, ...data } = parseBody(DefineRegionRequest, body);
    const regionCode = pathRegionCode(code);
    if (bodyCode !== undefined && bodyCode !== regionCode) {
      throw new DomainError('VALIDATION_FAILED', 'the body code differs from the path', [
        { path: 'code', message: `must equal the path code ${regionCode}` },
      ]);
    }
    const command = { type: 'DefineRegion' as const, data: { ...data, code: regionCode } };
    // A region definition has no business date of its own: it takes effect the day it is made.
    const occurredOn = today(this.runtime);
    const request = { decider: regionDecider, command, occurredOn, principal, meta };
    return runCommand(this.runtime.store, request);
  }
}
