import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import {
  AllocateFundBody,
  DisburseFundsBody,
  type FundCommand,
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
    const fundId = data.fundId ?? newId();
    const command = { type: 'ReceiveFund' as const, data: { ...data, fundId } };
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
    const allocationId = data.allocationId ?? newId();
    const fundId = pathId(id);
    const command = { type: 'AllocateFund' as const, data: { ...data, allocationId, fundId } };
    return this.run(command, data.allocatedOn, principal, meta, async () => {
      const fund = await loadFundInRegion(this.runtime.store, fundId, principal);
      assertInsideRegion(data.villageCode, fund.countyCode, 'villageCode');
      assertRegionAccess(principal, data.villageCode);
    });
  }

  @Post(':id/disbursements')
  async disburse(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DisburseFundsBody, body);
    const disbursementId = data.disbursementId ?? newId();
    const fundId = pathId(id);
    const command = { type: 'DisburseFunds' as const, data: { ...data, disbursementId, fundId } };
    return this.run(command, data.paidOn, principal, meta, this.inRegion(fundId, principal));
  }

  @Post(':id/household-payments')
  async payHousehold(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(PayHouseholdBody, body);
    const paymentId = data.paymentId ?? newId();
    const fundId = pathId(id);
    const command = { type: 'PayHousehold' as const, data: { ...data, paymentId, fundId } };
    return this.run(command, data.paidOn, principal, meta, this.inRegion(fundId, principal));
  }

  @Post(':id/returns')
  async returnFunds(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ReturnFundsBody, body);
    const returnId = data.returnId ?? newId();
    const fundId = pathId(id);
    const command = { type: 'ReturnFunds' as const, data: { ...data, returnId, fundId } };
    return this.run(command, data.returnedOn, principal, meta, this.inRegion(fundId, principal));
  }

  /** The fund must exist (404) and its county lie in the caller's regions (403). */
  private inRegion(fundId: string, principal: Principal): () => Promise<void> {
    return async () => void (await loadFundInRegion(this.runtime.store, fundId, principal));
  }

  private run(
    command: FundCommand,
    occurredOn: string,
    principal: Principal,
    meta: RequestMeta,
    authorize?: () => Promise<void>,
  ): Promise<WriteResult> {
    const request = { decider: fundDecider, command, occurredOn, principal, meta, authorize };
    return runCommand(this.runtime.store, request);
  }
}
