import type { Writable } from 'node:stream';
import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';

/**
 * Streams an export as a download. Until the first byte is sent an error is answered in the
 * SPEC format by the exception filter; after it, the connection is cut, so the client sees
 * a broken transfer rather than a file that looks complete.
 */

export interface ExportHead {
  contentType: string;
  /** ASCII file name; the Chinese one goes in `filename*`. */
  fileName: string;
  fileNameUtf8?: string;
}

export async function streamExport(
  res: Response,
  head: ExportHead,
  logger: Logger,
  write: (out: Writable) => Promise<unknown>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', head.contentType);
  const utf8 = encodeURIComponent(head.fileNameUtf8 ?? head.fileName);
  res.setHeader('Content-Disposition',
    `attachment; filename="${head.fileName}"; filename*=UTF-8''${utf8}`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await write(res);
  } catch (error) {
    if (!res.headersSent) throw error;
    logger.warn({ err: error }, 'export cut off after it had started');
    res.destroy();
  }
}

/** Exports read whole regions: at most this many run at once in one process. */
export const EXPORTS_IN_FLIGHT_MAX = 2;

/** A counting gate; a request over the limit is answered 429 at once rather than queued. */
export class ExportSlots {
  private running = 0;

  constructor(private readonly max: number = EXPORTS_IN_FLIGHT_MAX) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      throw new HttpException('too many exports are running; try again shortly', 429);
    }
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
    }
  }
}
