import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs that never carry personal id numbers (SPEC §7: no PII leaves through logs).
 * Every argument passes through `scrub` before pino formats it: keys named like an id
 * number are replaced and any 18-character Chinese id number inside a string is masked,
 * wherever it sits in the object; errors lose the fields that quote refused data.
 */

export const REDACTED = '[REDACTED]';
const ID_NUMBER_PATTERN = /\d{17}[\dXx]/g;
const SENSITIVE_KEYS = new Set([
  'idnumber', 'id_number', 'password', 'authorization', 'token',
  // A public reporter's contact (SPEC §12) never reaches a log.
  'contact',
]);
/** Deeper structures are cut off: logs are not a place for whole documents. */
export const LOG_SCRUB_DEPTH_MAX = 8;

function scrubString(value: string): string {
  return value.replace(ID_NUMBER_PATTERN, REDACTED);
}

/**
 * Fields of a database error that quote the data it refused (PostgreSQL's `detail` and
 * `where` hold the start of a rejected JSON document, e.g. a household head's name) or the
 * statement and its parameters. Logs never carry event data, so these are dropped.
 */
export const DATA_BEARING_ERROR_KEYS = new Set([
  'detail', 'where', 'hint', 'internalQuery', 'internalPosition', 'query', 'parameters',
  'values', 'body',
]);
/** PostgreSQL ends some messages with the refused value: `...type integer: "abc"`. */
const QUOTED_VALUE_AT_END = /: "(?:[^"\\]|\\.)*"$/gm;

function scrubErrorText(text: string): string {
  return scrubString(text).replace(QUOTED_VALUE_AT_END, `: ${REDACTED}`);
}

/** A copy of the error with its text scrubbed, still an Error for pino's serializer. */
function scrubError(error: Error, depth: number): Error {
  const copy = new Error(scrubErrorText(error.message));
  copy.name = error.name;
  copy.stack = error.stack ? scrubErrorText(error.stack) : undefined;
  const kept = Object.entries(error).filter(([key]) => !DATA_BEARING_ERROR_KEYS.has(key));
  const extra = scrubValue(Object.fromEntries(kept), depth + 1) as Record<string, unknown>;
  return Object.assign(copy, extra);
}

export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= LOG_SCRUB_DEPTH_MAX) return '[TRUNCATED]';
  if (value instanceof Error) return scrubError(value, depth);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? REDACTED : scrubValue(inner, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Where to write; stdout by default (tests pass a stream to inspect the output). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name,
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      bindings: (bindings) => scrubValue(bindings) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => scrubValue(arg)) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
  };
  const logger = options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
  return scrubChildBindings(logger);
}

/** Child bindings bypass the log hook, so they are scrubbed when the child is made. */
function scrubChildBindings<L extends Logger>(logger: L): L {
  const child = logger.child.bind(logger);
  const scrubbedChild = (bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions) =>
    scrubChildBindings(child(scrubValue(bindings) as pino.Bindings, childOptions) as Logger);
  logger.child = scrubbedChild as unknown as L['child'];
  return logger;
}

export type { Logger } from 'pino';
