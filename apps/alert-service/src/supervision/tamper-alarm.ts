import { installTamperAlarm as installOnStore } from '@sunshine/alerts';
import { today, type Runtime } from '@sunshine/platform';

/**
 * Every service that folds streams raises TAMPER_DETECTED when a fold meets a broken chain;
 * the alarm is installed once per store however many modules ask.
 */
export function installTamperAlarm(runtime: Runtime): void {
  installOnStore(runtime.store, {
    today: () => today(runtime),
    onError: (message, error) => runtime.logger.warn({ err: error }, message),
  });
}
