import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process: default process metrics plus HTTP requests. */

const HTTP_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetricsRegistry(serviceName: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The matched route pattern, never the raw path, so label values stay few. */
function routeLabel(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${request.baseUrl}${route.path}`;
  return 'unmatched';
}

export interface HttpMetrics {
  middleware(request: Request, response: Response, next: NextFunction): void;
}

export function httpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames,
    buckets: HTTP_DURATION_BUCKETS_S, registers: [registry],
  });
  return {
    middleware(request, response, next) {
      const startedAt = process.hrtime.bigint();
      response.on('finish', () => {
        const labels = {
          method: request.method, route: routeLabel(request), status: String(response.statusCode),
        };
        requests.inc(labels);
        duration.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
      });
      next();
    },
  };
}
