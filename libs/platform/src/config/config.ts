import { z } from 'zod';

/**
 * The process configuration, parsed once from the environment (SPEC §10). Everything has a
 * development default except what must not: in production the JWT secret is required.
 */

export const DEV_JWT_SECRET = 'sunshine-development-secret-do-not-use-in-production';
export const PORT_DEFAULT = 3000;

const boolFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(PORT_DEFAULT),
  /** The address to listen on; default loopback, all interfaces under NODE_ENV=production. */
  HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).optional(),
  NODE_ENV: z.string().default('development'),
  EVENT_STORE: z.enum(['embedded', 'postgres', 'esdb']).default('embedded'),
  BUS: z.enum(['inprocess', 'kafka']).default('inprocess'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  /**
   * Put before every Redis key, so that deployments (or test runs) sharing one Redis keep
   * apart their leases, idempotency keys and summary caches.
   */
  REDIS_KEY_PREFIX: z.string().max(64).regex(/^[A-Za-z0-9:_-]*$/).default(''),
  KAFKA_BROKERS: z.string().optional(),
  ESDB_URL: z.string().optional(),
  SUNSHINE_DATA_DIR: z.string().min(1).default('./data'),
  SUNSHINE_DEMO: boolFlag.default(true),
  SUNSHINE_JWT_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});

export interface Config {
  port: number;
  host: string;
  nodeEnv: string;
  production: boolean;
  eventStore: 'embedded' | 'postgres' | 'esdb';
  bus: 'inprocess' | 'kafka';
  databaseUrl?: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  kafkaBrokers: string[];
  esdbUrl?: string;
  dataDir: string;
  demo: boolean;
  jwtSecret: string;
  /** True when the secret is the development default (the host prints a warning). */
  jwtSecretIsDevDefault: boolean;
  logLevel: string;
  otlpEndpoint?: string;
  /** The raw environment, so services can parse their own parameters (IDLE_DAYS, ...). */
  env: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SUNSHINE_JWT_SECRET) {
    throw new ConfigError('SUNSHINE_JWT_SECRET is required when NODE_ENV=production');
  }
  if (e.EVENT_STORE === 'postgres' && !e.DATABASE_URL) {
    throw new ConfigError('EVENT_STORE=postgres needs DATABASE_URL');
  }
  if (e.EVENT_STORE === 'esdb' && (!e.ESDB_URL || !e.DATABASE_URL)) {
    throw new ConfigError('EVENT_STORE=esdb needs ESDB_URL and DATABASE_URL (read models)');
  }
  const kafkaBrokers = (e.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (e.BUS === 'kafka' && kafkaBrokers.length === 0) {
    throw new ConfigError('BUS=kafka needs KAFKA_BROKERS');
  }
  return {
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    nodeEnv: e.NODE_ENV,
    production,
    eventStore: e.EVENT_STORE,
    bus: e.BUS,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    kafkaBrokers,
    esdbUrl: e.ESDB_URL,
    dataDir: e.SUNSHINE_DATA_DIR,
    demo: e.SUNSHINE_DEMO,
    jwtSecret: e.SUNSHINE_JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDevDefault: !e.SUNSHINE_JWT_SECRET,
    logLevel: e.LOG_LEVEL,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    env: { ...env },
  };
}

/** Reads an optional positive integer parameter (e.g. IDLE_DAYS) with a default. */
export function intParam(config: Config, name: string, fallback: number): number {
  const raw = config.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative integer, got ${raw}`);
  }
  return value;
}
