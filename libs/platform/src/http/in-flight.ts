import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';

/** How long a stop waits for in-flight requests before it closes their sockets. */
export const SHUTDOWN_DRAIN_MS = 10_000;

/** Nest injection token of the process's `InFlightRequests`. */
export const IN_FLIGHT_REQUESTS = 'SUNSHINE_IN_FLIGHT_REQUESTS';

export type DrainPhase = 'serving' | 'draining' | 'cutting';

/**
 * Counts the requests a stop must wait for. A request counts from its arrival until its
 * response is closed, and, once it reaches a handler, until that handler has settled: a
 * client that gives up closes the socket while the handler still reads the database.
 */
export class InFlightRequests {
  private responses = 0;
  private handlers = 0;
  private current: DrainPhase = 'serving';
  private readonly waiters = new Set<() => void>();

  get count(): number {
    return this.responses + this.handlers;
  }

  /** 'cutting' once the drain time is over: failures from then on are the stop's doing. */
  get phase(): DrainPhase {
    return this.current;
  }

  /**
   * First middleware: while draining, a request that arrives on a kept-alive connection is
   * refused with 503, and every answer closes its connection.
   */
  middleware() {
    return (request: Request, response: Response, next: NextFunction): void => {
      // Counted until written, refusals too: closing the sockets would drop unsent bytes.
      this.responses += 1;
      response.once('close', () => this.release('responses'));
      if (this.current !== 'serving') {
        response.set('Connection', 'close');
        response.status(503).json({
          error: { code: 'UNAVAILABLE', message: 'the server is shutting down', details: [] },
        });
        return;
      }
      const { end } = response;
      // Set when the answer is written, not at arrival: the stop may begin in between.
      response.end = ((...args: Parameters<Response['end']>) => {
        if (this.current !== 'serving' && !response.headersSent) response.set('Connection', 'close');
        return end.apply(response, args);
      }) as Response['end'];
      next();
    };
  }

  /** A global interceptor, registered before any other so that it wraps them all. */
  interceptor(): NestInterceptor {
    return {
      intercept: (_context: ExecutionContext, next: CallHandler): Observable<unknown> => {
        this.handlers += 1;
        return next.handle().pipe(finalize(() => this.release('handlers')));
      },
    };
  }

  /**
   * Stops accepting connections, waits up to `drainMs` for the requests in flight, then
   * closes every socket left. Resolves with the requests still running at that point.
   */
  async drain(server: Server, drainMs: number): Promise<number> {
    this.current = 'draining';
    // Only stop listening: http.Server#close would also drop every kept-alive connection at
    // once, resetting a request already sent on one; such a request gets a 503 instead.
    const closed = new Promise<void>((resolve) => {
      NetServer.prototype.close.call(server, () => resolve());
    });
    const deadline = Date.now() + drainMs;
    // Requests already read by the kernel but not yet parsed count once the loop turns.
    do {
      await this.idle(deadline - Date.now());
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.count > 0 && Date.now() < deadline);
    const cut = this.count;
    if (cut > 0) this.current = 'cutting';
    server.closeAllConnections();
    await closed;
    return cut;
  }

  private idle(timeoutMs: number): Promise<void> {
    if (this.count === 0 || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  private release(counter: 'responses' | 'handlers'): void {
    this[counter] -= 1;
    if (this.count > 0) return;
    for (const waiter of [...this.waiters]) waiter();
  }
}
