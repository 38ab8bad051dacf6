import { startTelemetry } from '../observability/telemetry';
import { runMain, serve, type ServeOptions } from './serve';

/**
 * The entry point of one service process. Telemetry starts first, so the HTTP server's spans
 * are recorded; the exporter flushes when the runtime closes.
 */
export function runService(options: ServeOptions): void {
  runMain(options.serviceName, async () => {
    const telemetry = startTelemetry(options.serviceName);
    const served = await serve(options);
    served.runtime.onClose(() => telemetry.shutdown(), 'telemetry');
  });
}
