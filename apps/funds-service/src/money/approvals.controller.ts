import { Controller, Get, Inject, Param, Post } from '@nestjs/common';
import {
  ApproveDisbursementBody,
  type FundCommand,
  fundDecider,
  type FundEvent,
  type FundState,
  type PendingDisbursement,
  RejectDisbursementBody,
} from '@sunshine/domain';
import {
  Call,
  type CommandCall,
  CommandRoutes,
  CurrentPrincipal,
  pathId,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
  type WriteResult,
} from '@sunshine/platform';
import { fundInRegion, loadFund, type ReceivedFund } from '../funds/fund-access';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * SPEC §11 maker-checker: a disbursement at or above the approval threshold waits for a
 * second finance user, who approves (FundDisbursed) or rejects (DisbursementRejected) it.
 */
@Controller('api/funds')
export class ApprovalsController {
  private readonly commands: CommandRoutes<FundState, FundCommand, FundEvent, ReceivedFund>;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.commands = new CommandRoutes({
      store: runtime.store,
      decider: fundDecider,
      inRegion: fundInRegion,
    });
  }

  @Post(':id/disbursements/:disbursementId/approve')
  @Roles('finance')
  approve(
    @Param('id') id: string,
    @Param('disbursementId') disbursementId: string,
    @Call() call: CommandCall,
  ): Promise<WriteResult> {
    const pending = pathId(disbursementId, 'disbursementId');
    return this.commands.update(call, id, {
      body: ApproveDisbursementBody,
      occurredOn: () => today(),
      command: (_data, fundId) => ({
        type: 'ApproveDisbursement',
        data: { fundId, disbursementId: pending, approvedBy: call.principal.sub },
      }),
    });
  }

  @Post(':id/disbursements/:disbursementId/reject')
  @Roles('finance')
  reject(
    @Param('id') id: string,
    @Param('disbursementId') disbursementId: string,
    @Call() call: CommandCall,
  ): Promise<WriteResult> {
    const pending = pathId(disbursementId, 'disbursementId');
    return this.commands.update(call, id, {
      body: RejectDisbursementBody,
      occurredOn: (data) => data.rejectedOn ?? today(),
      command: (data, fundId) => ({
        type: 'RejectDisbursement',
        data: { fundId, disbursementId: pending, rejectedBy: call.principal.sub,
          reason: data.reason, rejectedOn: data.rejectedOn ?? today() },
      }),
    });
  }

  /** Disbursements waiting for a decision. */
  @Get(':id/approvals')
  @Roles('finance', 'auditor')
  async pending(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: (PendingDisbursement & { status: 'pending_approval' })[] }> {
    const fundId = pathId(id);
    const { fund } = await loadFund(this.runtime.store, fundId);
    fundInRegion(fund, fundId, principal);
    const items = [...fund.pendingDisbursements.values()].map((d) => ({
      ...d,
      status: 'pending_approval' as const,
    }));
    return { items };
  }
}
