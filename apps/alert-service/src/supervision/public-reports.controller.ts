import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { newTrackingCode, reportIdOf, reportStatus, type ReportStatusView } from '@sunshine/alerts';
import { notFound, reportDecider, reportStreamId } from '@sunshine/domain';
import { handleCommand } from '@sunshine/event-store';
import {
  Meta,
  parseBody,
  Public,
  type RequestMeta,
  RUNTIME,
  type Runtime,
  today,
} from '@sunshine/platform';
import { assertWithinRate, type RateLimiter } from './report-rate-limit';
import { publicReportBody, TRACKING_CODE_PATH_LENGTH_MAX } from './supervision-schemas';

/** Nest token of the public reports' RateLimiter. */
export const REPORT_RATE_LIMITER = 'SUNSHINE_REPORT_RATE_LIMITER';
/** The identity public reports are recorded under: the public has no account. */
const PUBLIC_ACTOR = { sub: 'public', role: 'public' };

/**
 * 一键举报 (SPEC §12): anyone may report; the answer is a tracking code and the report id,
 * and the status route tells only the status. `contact` is written to the event store and
 * never answered or logged.
 */
@Controller('api/public/reports')
@Public()
export class PublicReportsController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(REPORT_RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  @Post()
  async report(@Body() body: unknown, @Req() request: Request, @Meta() meta: RequestMeta) {
    const data = parseBody(publicReportBody, body);
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    await assertWithinRate(this.limiter, address, this.runtime.clock().getTime());
    const trackingCode = newTrackingCode();
    const reportId = reportIdOf(trackingCode);
    const receivedOn = today(this.runtime);
    await handleCommand({
      store: this.runtime.store,
      decider: reportDecider,
      streamId: reportStreamId(reportId),
      command: { type: 'ReceivePublicReport', data: { ...data, reportId, receivedOn } },
      metadata: {
        actor: PUBLIC_ACTOR,
        occurredOn: receivedOn,
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        traceparent: meta.traceparent,
      },
      expectedVersion: 'no_stream',
    });
    return { reportId, trackingCode };
  }

  @Get(':trackingCode')
  async status(@Param('trackingCode') trackingCode: string): Promise<ReportStatusView> {
    const code = trackingCode.slice(0, TRACKING_CODE_PATH_LENGTH_MAX);
    const found = await reportStatus(this.runtime.store, code);
    if (!found) throw notFound('report', 'with this tracking code');
    return found;
  }
}
