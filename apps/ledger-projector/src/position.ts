import type { Response } from 'express';
import type { LedgerQueries } from '@sunshine/ledger';

export const PROJECTION_POSITION_HEADER = 'X-Projection-Position';

/**
 * Sets the last applied global position before the read runs, so the header never claims
 * more than the answer holds: a client that waits for its write's position is safe.
 */
export async function markPosition(res: Response, queries: LedgerQueries): Promise<number> {
  const position = await queries.position();
  res.setHeader(PROJECTION_POSITION_HEADER, String(position));
  return position;
}
