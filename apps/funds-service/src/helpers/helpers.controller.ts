import { Controller, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { helperDecider, RegisterHelperBody } from '@sunshine/domain';
import {
  assertRegionAccess,
  Call,
  type CommandCall,
  parseBody,
  pathId,
  Roles,
  runCommand,
  RUNTIME,
  type Runtime,
  today,
  type WriteResult,
} from '@sunshine/platform';

/** Helpers (帮扶责任人, SPEC §13) are registered by the poverty office. */
@Controller('api/helpers')
@Roles('registrar')
export class HelpersController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** Registers a helper, or changes the registration; the same registration again is a no-op. */
  @Put(':id')
  @HttpCode(201)
  register(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    const data = parseBody(RegisterHelperBody, call.body);
    const helperId = pathId(id);
    // Every village the helper covers lies inside the caller's regions.
    for (const code of data.villageCodes) assertRegionAccess(call.principal, code);
    const command = { type: 'RegisterHelper' as const, data: { ...data, helperId } };
    // A registration has no business date of its own: it takes effect the day it is made.
    const occurredOn = today(this.runtime);
    const { principal, meta } = call;
    return runCommand(this.runtime.store, {
      decider: helperDecider,
      command,
      occurredOn,
      principal,
      meta,
    });
  }
}
