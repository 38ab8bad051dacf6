import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import {
  DeregisterHouseholdBody,
  ExitPovertyBody,
  householdDecider,
  RecordCrossCheckHitBody,
  RecordHouseholdIncomeBody,
  RegisterHouseholdBody,
  ReturnToPovertyBody,
} from '@sunshine/domain';
import {
  assertRegionAccess,
  CurrentPrincipal,
  parseBody,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { newId, runCommand, type WriteResult } from '../http/command-runner';
import { pathId } from '../http/guards';
import { Meta, type RequestMeta } from '../http/request-meta';
import { incomeRecordedOn, loadHouseholdInRegion } from './household-access';

type HouseholdCommand = Parameters<typeof householdDecider.decide>[0];

/** The household registry (SPEC §7): the poverty office's write routes. */
@Controller('api/households')
@Roles('registrar')
export class HouseholdsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post()
  async register(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RegisterHouseholdBody, body);
    assertRegionAccess(principal, data.villageCode);
    const householdId = data.householdId ?? newId();
    const command = { type: 'RegisterHousehold' as const, data: { ...data, householdId } };
    return this.run(command, data.registeredOn, principal, meta);
  }

  @Post(':id/incomes')
  async recordIncome(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RecordHouseholdIncomeBody, body);
    await loadHouseholdInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'RecordHouseholdIncome' as const, data: { ...data, householdId: id } };
    return this.run(command, incomeRecordedOn(data), principal, meta);
  }

  @Post(':id/exit')
  async exit(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ExitPovertyBody, body);
    await loadHouseholdInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'ExitPoverty' as const, data: { ...data, householdId: id } };
    return this.run(command, data.exitedOn, principal, meta);
  }

  @Post(':id/return-to-poverty')
  async returnToPoverty(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ReturnToPovertyBody, body);
    await loadHouseholdInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'ReturnToPoverty' as const, data: { ...data, householdId: id } };
    return this.run(command, data.returnedOn, principal, meta);
  }

  @Post(':id/deregister')
  async deregister(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DeregisterHouseholdBody, body);
    await loadHouseholdInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'DeregisterHousehold' as const, data: { ...data, householdId: id } };
    return this.run(command, data.deregisteredOn, principal, meta);
  }

  @Post(':id/cross-check-hits')
  async recordCrossCheckHit(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RecordCrossCheckHitBody, body);
    await loadHouseholdInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'RecordCrossCheckHit' as const, data: { ...data, householdId: id } };
    return this.run(command, data.recordedOn, principal, meta);
  }

  private run(
    command: HouseholdCommand,
    occurredOn: string,
    principal: Principal,
    meta: RequestMeta,
  ): Promise<WriteResult> {
    const request = { decider: householdDecider, command, occurredOn, principal, meta };
    return runCommand(this.runtime.store, request);
  }
}
