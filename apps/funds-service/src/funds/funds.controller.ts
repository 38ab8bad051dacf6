import { Controller, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  AllocateFundBody,
  DisburseFundsBody,
  type FundCommand,
  fundDecider,
  type FundEvent,
  type FundState,
  PayHouseholdBody,
  RequestDisbursementBody as DisbursementRequestBody,
  ReceiveFundBody,
  ReturnFundsBody,
} from '@sunshine/domain';
import {
  assertInsideRegion,
  assertRegionAccess,
  Call,
  type CommandCall,
  CommandRoutes,
  newId,
  Roles,
  RUNTIME,
  type Runtime,
  type WriteResult,
} from '@sunshine/platform';
import { fundInRegion, type ReceivedFund } from './fund-access';
import { loadMoneyConfig, type MoneyConfig } from '../money/money-config';

/** A disbursement at or above the approval threshold waits for a checker (SPEC §11). */
export type DisburseResult = WriteResult | (WriteResult & { status: 'pending_approval' });

/** Fund receipts and every money movement against a fund (SPEC §7 write routes). */
@Controller('api/funds')
@Roles('finance')
export class FundsController {
  private readonly commands: CommandRoutes<FundState, FundCommand, FundEvent, ReceivedFund>;
  private readonly money: MoneyConfig;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    this.money = loadMoneyConfig(runtime.config.env);
    // The fund must exist (404) and its county lie in the caller's regions (403).
    this.commands = new CommandRoutes({
      store: runtime.store,
      decider: fundDecider,
      inRegion: fundInRegion,
    });
  }

  @Post()
  receive(@Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.create(call, {
      body: ReceiveFundBody,
      region: (data) => data.countyCode,
      occurredOn: (data) => data.receivedOn,
      command: (data) => ({
        type: 'ReceiveFund',
        data: { ...data, fundId: data.fundId ?? newId() },
      }),
    });
  }

  @Post(':id/allocations')
  allocate(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: AllocateFundBody,
      occurredOn: (data) => data.allocatedOn,
      command: (data, fundId) => ({
        type: 'AllocateFund',
        data: { ...data, allocationId: data.allocationId ?? newId(), fundId },
      }),
      authorize: (fund, data, principal) => {
        assertInsideRegion(data.villageCode, fund.countyCode, 'villageCode');
        assertRegionAccess(principal, data.villageCode);
      },
    });
  }

  @Post(':id/disbursements')
  async disburse(
    @Param('id') id: string,
    @Call() call: CommandCall,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DisburseResult> {
    const { amountFen } = (call.body ?? {}) as { amountFen?: unknown };
    if (typeof amountFen === 'number' && amountFen >= this.money.approvalThresholdFen) {
      const requested = await this.commands.update(call, id, {
        body: DisbursementRequestBody,
        occurredOn: (data) => data.paidOn,
        command: (data, fundId) => ({
          type: 'RequestDisbursement',
          data: { ...data, disbursementId: data.disbursementId ?? newId(), fundId,
            requestedBy: call.principal.sub },
        }),
      });
      response.status(202);
      return { ...requested, status: 'pending_approval' };
    }
    return this.commands.update(call, id, {
      body: DisburseFundsBody,
      occurredOn: (data) => data.paidOn,
      command: (data, fundId) => ({
        type: 'DisburseFunds',
        data: { ...data, disbursementId: data.disbursementId ?? newId(), fundId },
      }),
    });
  }

  @Post(':id/household-payments')
  payHousehold(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: PayHouseholdBody,
      occurredOn: (data) => data.paidOn,
      command: (data, fundId) => ({
        type: 'PayHousehold',
        data: { ...data, paymentId: data.paymentId ?? newId(), fundId },
      }),
    });
  }

  @Post(':id/returns')
  returnFunds(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: ReturnFundsBody,
      occurredOn: (data) => data.returnedOn,
      command: (data, fundId) => ({
        type: 'ReturnFunds',
        data: { ...data, returnId: data.returnId ?? newId(), fundId },
      }),
    });
  }
}
