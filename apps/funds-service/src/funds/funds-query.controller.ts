import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { fundStreamId } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import {
  assertRegionAccess,
  CurrentPrincipal,
  parseBody,
  pathId,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { z } from 'zod';
import { loadFund } from './fund-access';
import { type FundView, toEventItem, toFundView } from './fund-view';

export const EVENTS_PAGE_SIZE_DEFAULT = 50;
export const EVENTS_PAGE_SIZE_MAX = 200;

export const eventsQuery = z.strictObject({
  /** The stream version of the last event of the previous page. */
  cursor: z.string().regex(/^\d{1,15}$/, 'cursor is a stream version').optional(),
  limit: z.coerce.number().int().min(1).max(EVENTS_PAGE_SIZE_MAX).optional(),
});

export interface EventPage {
  items: StoredEvent[];
  nextCursor?: string;
}

/** A fund's state and history straight from its stream, for finance and the supervisors. */
@Controller('api/funds')
@Roles('finance', 'auditor')
export class FundsQueryController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get(':id')
  async fund(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<FundView> {
    const loaded = await loadFund(this.runtime.store, pathId(id));
    assertRegionAccess(principal, loaded.fund.countyCode);
    return toFundView(id, loaded);
  }

  @Get(':id/events')
  async events(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EventPage> {
    const { cursor, limit = EVENTS_PAGE_SIZE_DEFAULT } = parseBody(eventsQuery, query);
    const { fund } = await loadFund(this.runtime.store, pathId(id));
    assertRegionAccess(principal, fund.countyCode);
    // One event more than the page tells whether another page follows.
    const read = await this.runtime.store.readStream(fundStreamId(id), {
      fromVersion: Number(cursor ?? 0) + 1,
      maxCount: limit + 1,
    });
    const items = read.slice(0, limit).map(toEventItem);
    const last = items[items.length - 1];
    if (read.length <= limit || !last) return { items };
    return { items, nextCursor: String(last.streamVersion) };
  }
}
