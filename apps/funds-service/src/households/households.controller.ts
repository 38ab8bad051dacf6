import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import {
  DeregisterHouseholdBody,
  ExitPovertyBody,
  type HouseholdCommand,
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
    const householdId = pathId(id);
    const command = { type: 'RecordHouseholdIncome' as const, data: { ...data, householdId } };
    const authorize = this.inRegion(householdId, principal);
    return this.run(command, incomeRecordedOn(data), principal, meta, authorize);
  }

  @Post(':id/exit')
  async exit(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ExitPovertyBody, body);
    const householdId = pathId(id);
    const command = { type: 'ExitPoverty' as const, data: { ...data, householdId } };
    const authorize = this.inRegion(householdId, principal);
    return this.run(command, data.exitedOn, principal, meta, authorize);
  }

  @Post(':id/return-to-poverty')
  async returnToPoverty(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ReturnToPovertyBody, body);
    const householdId = pathId(id);
    const command = { type: 'ReturnToPoverty' as const, data: { ...data, householdId } };
    const authorize = this.inRegion(householdId, principal);
    return this.run(command, data.returnedOn, principal, meta, authorize);
  }

  @Post(':id/deregister')
  async deregister(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DeregisterHouseholdBody, body);
    const householdId = pathId(id);
    const command = { type: 'DeregisterHousehold' as const, data: { ...data, householdId } };
    const authorize = this.inRegion(householdId, principal);
    return this.run(command, data.deregisteredOn, principal, meta, authorize);
  }

  @Post(':id/cross-check-hits')
  async recordCrossCheckHit(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RecordCrossCheckHitBody, body);
    const householdId = pathId(id);
    const command = { type: 'RecordCrossCheckHit' as const, data: { ...data, householdId } };
    const authorize = this.inRegion(householdId, principal);
    return this.run(command, data.recordedOn, principal, meta, authorize);
  }

  /** The household must exist (404) and its village lie in the caller's regions (403). */
  private inRegion(householdId: string, principal: Principal): () => Promise<void> {
    return () => loadHouseholdInRegion(this.runtime.store, householdId, principal);
  }

  private run(
    command: HouseholdCommand,
    occurredOn: string,
    principal: Principal,
    meta: RequestMeta,
    authorize?: () => Promise<void>,
  ): Promise<WriteResult> {
    const request = { decider: householdDecider, command, occurredOn, principal, meta, authorize };
    return runCommand(this.runtime.store, request);
  }
}
