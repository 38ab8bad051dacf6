import { Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  batchRowProblems,
  type FundCommand,
  fundDecider,
  type FundState,
  fundStreamId,
  notFound,
  rowsRefused,
  type RowProblem,
} from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import {
  Call,
  type CommandCall,
  CurrentPrincipal,
  loadAggregate,
  newId,
  pathId,
  type Principal,
  Roles,
  runCommandWithState,
  RUNTIME,
  type Runtime,
  type Upload,
  UploadBody,
  type WriteResult,
} from '@sunshine/platform';
import type { Response } from 'express';
import { fundInRegion, loadFund, type ReceivedFund } from '../funds/fund-access';
import { batchContentSha256, readBankResults, readPaymentBatch } from './batch-input';
import { batchTemplate, XLSX_MEDIA_TYPE } from './template';

export interface BatchWriteResult extends WriteResult {
  rows: number;
  totalFen: number;
}

export interface BatchView {
  batchId: string;
  rows: number;
  totalFen: number;
  paidOn: string;
  channel: string;
  confirmed: number;
  failed: number;
  pending: number;
}

function batchView(fund: ReceivedFund, batchId: string): BatchView {
  const batch = fund.batches.get(batchId);
  if (!batch) throw notFound('payment batch', batchId);
  const { rows, totalFen, paidOn, channel, confirmed, failed } = batch;
  return { batchId, rows, totalFen, paidOn, channel, confirmed, failed,
    pending: rows - confirmed - failed };
}

/** SPEC §11 payment batches (代发批次) and the bank's results (银行回单). */
@Controller('api/funds')
export class PaymentBatchesController {
  private readonly store: EventStore;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    this.store = runtime.store;
  }

  @Post(':id/payment-batches')
  @Roles('finance')
  async submit(
    @Param('id') id: string,
    @Query() query: unknown,
    @UploadBody() upload: Upload,
    @Call() call: CommandCall,
  ): Promise<BatchWriteResult> {
    const fundId = pathId(id);
    const { header, rows, problems } = await readPaymentBatch(upload, query, newId);
    if (problems.length > 0) await this.refuseWithFundProblems(fundId, call, problems, rows, header.paidOn);
    const command: FundCommand = {
      type: 'SubmitPaymentBatch',
      data: { fundId, ...header, contentSha256: batchContentSha256(header, rows), rows },
    };
    const { written, state } = await this.run(fundId, call, command, header.paidOn);
    const view = batchView(fundInRegion(state, fundId, call.principal), header.batchId);
    const batch = (state as ReceivedFund).batches.get(header.batchId);
    return { ...written, version: batch?.versionAfter ?? written.version, rows: view.rows,
      totalFen: view.totalFen };
  }

  @Get(':id/payment-batches/template.xlsx')
  @Roles('finance', 'auditor')
  async template(@Res() response: Response): Promise<void> {
    const bytes = await batchTemplate();
    response
      .status(200)
      .setHeader('Content-Type', XLSX_MEDIA_TYPE)
      .setHeader('Content-Disposition', 'attachment; filename="payment-batch-template.xlsx"')
      .send(bytes);
  }

  @Get(':id/payment-batches/:batchId')
  @Roles('finance', 'auditor')
  async batch(
    @Param('id') id: string,
    @Param('batchId') batchId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BatchView> {
    const fundId = pathId(id);
    const { fund } = await loadFund(this.store, fundId);
    fundInRegion(fund, fundId, principal);
    return batchView(fund, pathId(batchId, 'batchId'));
  }

  @Get(':id/payment-batches')
  @Roles('finance', 'auditor')
  async batches(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: BatchView[] }> {
    const fundId = pathId(id);
    const { fund } = await loadFund(this.store, fundId);
    fundInRegion(fund, fundId, principal);
    return { items: [...fund.batches.keys()].map((batchId) => batchView(fund, batchId)) };
  }

  @Post(':id/payment-batches/:batchId/bank-results')
  @Roles('finance')
  async bankResults(
    @Param('id') id: string,
    @Param('batchId') batchId: string,
    @Query() query: unknown,
    @UploadBody() upload: Upload,
    @Call() call: CommandCall,
  ): Promise<WriteResult & { confirmed: number; failed: number }> {
    const fundId = pathId(id);
    const batch = pathId(batchId, 'batchId');
    const { rows, problems } = await readBankResults(upload, query);
    if (problems.length > 0) throw rowsRefused(problems);
    const command: FundCommand = { type: 'RecordBankResults', data: { fundId, batchId: batch, rows } };
    const latest = rows.reduce((on, r) => (r.settledOn > on ? r.settledOn : on), '');
    const { written } = await this.run(fundId, call, command, latest);
    const confirmed = rows.filter((r) => r.status === 'paid').length;
    return { ...written, confirmed, failed: rows.length - confirmed };
  }

  private run(fundId: string, call: CommandCall, command: FundCommand, occurredOn: string) {
    return runCommandWithState(this.store, {
      decider: fundDecider,
      command,
      occurredOn,
      principal: call.principal,
      meta: call.meta,
      authorize: (state: FundState) => void fundInRegion(state, fundId, call.principal),
    });
  }

  /** Malformed rows and rows the fund cannot pay are answered together, in one 422. */
  private async refuseWithFundProblems(
    fundId: string,
    call: CommandCall,
    problems: RowProblem[],
    rows: Parameters<typeof batchRowProblems>[1],
    paidOn: string,
  ): Promise<never> {
    const { state } = await loadAggregate(this.store, fundDecider, fundStreamId(fundId));
    const fund = fundInRegion(state, fundId, call.principal);
    throw rowsRefused([...problems, ...batchRowProblems(fund, rows, paidOn)]);
  }
}
