import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import {
  AllocateFundBody,
  DisburseFundsBody,
  fundDecider,
  PayHouseholdBody,
  ReceiveFundBody,
  ReturnFundsBody,
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
import { assertInsideRegion, pathId } from '../http/guards';
import { Meta, type RequestMeta } from '../http/request-meta';
import { loadFundInRegion } from './fund-access';

/** Fund receipts and every money movement against a fund (SPEC §7 write routes). */
@Controller('api/funds')
@Roles('finance')
export class FundsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post()
  async receive(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ReceiveFundBody, body);
    assertRegionAccess(principal, data.countyCode);
    const command = { type: 'ReceiveFund' as const, data: { ...data, fundId: data.fundId ?? newId() } };
    return this.run(command, data.receivedOn, principal, meta);
  }

  @Post(':id/allocations')
  async allocate(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(AllocateFundBody, body);
    const fund = await loadFundInRegion(this.runtime.store, pathId(id), principal);
    assertInsideRegion(data.villageCode, fund.countyCode, 'villageCode');
    assertRegionAccess(principal, data.villageCode);
    const allocationId = data.allocationId ?? newId();
    const command = { type: 'AllocateFund' as const, data: { ...data, allocationId, fundId: id } };
    return this.run(command, data.allocatedOn, principal, meta);
  }

  @Post(':id/disbursements')
  async disburse(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DisburseFundsBody, body);
    await loadFundInRegion(this.runtime.store, pathId(id), principal);
    const disbursementId = data.disbursementId ?? newId();
    const command = { type: 'DisburseFunds' as const, data: { ...data, disbursementId, fundId: id } };
    return this.run(command, data.paidOn, principal, meta);
  }

  @Post(':id/household-payments')
  async payHousehold(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(PayHouseholdBody, body);
    await loadFundInRegion(this.runtime.store, pathId(id), principal);
    const paymentId = data.paymentId ?? newId();
    const command = { type: 'PayHousehold' as const, data: { ...data, paymentId, fundId: id } };
    return this.run(command, data.paidOn, principal, meta);
  }

  @Post(':id/returns')
  async returnFunds(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ReturnFundsBody, body);
    await loadFundInRegion(this.runtime.store, pathId(id), principal);
    const returnId = data.returnId ?? newId();
    const command = { type: 'ReturnFunds' as const, data: { ...data, returnId, fundId: id } };
    return this.run(command, data.returnedOn, principal, meta);
  }

  private run(
    command: Parameters<typeof fundDecider.decide>[0],
    occurredOn: string,
    principal: Principal,
    meta: RequestMeta,
  ): Promise<WriteResult> {
    const request = { decider: fundDecider, command, occurredOn, principal, meta };
    return runCommand(this.runtime.store, request);
  }
}
