import { z } from 'zod';

const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const environmentSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: integer(0, 65535, 4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APPCONFIG_SOURCE: z.enum(['embedded', 'aws']).default('embedded'),
  APPCONFIG_MAX_CONCURRENCY: integer(1, 100, 10),
  APPCONFIG_MAX_ATTEMPTS: integer(1, 10, 3),
  APPCONFIG_TIMEOUT_MS: integer(100, 120_000, 5000),
  APPCONFIG_MAX_LIST_PAGES: integer(1, 100, 5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  MAX_QUERY_COST: integer(1, 10_000_000, 25_000),
  HTTP_MAX_AGE_FINAL_SECONDS: integer(0, 31_536_000, 86_400),
  HTTP_MAX_AGE_ACTIVE_SECONDS: integer(0, 3600, 5),
  CACHE_BACKEND: z.enum(['memory', 'redis', 'none']).optional(),
  REDIS_URL: z.string().url().optional(),
  CACHE_MAX_ENTRIES: integer(1, 10_000_000, 10_000),
  CACHE_FINAL_TTL_SECONDS: integer(0, 31_536_000, 86_400),
  CACHE_ACTIVE_TTL_SECONDS: integer(0, 3600, 5),
  CACHE_LIST_TTL_SECONDS: integer(0, 3600, 5),
  CACHE_RESOURCE_TTL_SECONDS: integer(0, 86_400, 30),
  CACHE_NOT_FOUND_TTL_SECONDS: integer(0, 3600, 5),
});

/** The gateway's settings, parsed once at start-up; nothing reads `process.env` after this. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly appConfig: {
    /** `embedded`: an in-process AppConfig emulator with sample data; `aws`: the SDK's endpoint chain. */
    readonly source: 'embedded' | 'aws';
    /** Most AppConfig calls in flight at once from this process. */
    readonly maxConcurrency: number;
    /** Attempts per AppConfig call, the first included, under the SDK's standard retry strategy. */
    readonly maxAttempts: number;
    /** Bound on each attempt, from connecting to the end of the response. */
    readonly timeoutMs: number;
    /** Most list pages one field may read; List calls are limited to 10 per second per account. */
    readonly maxListPages: number;
  };
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /** Origins allowed by CORS; undefined means the development default. */
  readonly corsOrigins: readonly string[] | undefined;
  /** Schema introspection (and so Sandbox's docs); on in development, off in production by default. */
  readonly introspection: boolean;
  /** Most AppConfig objects (an estimate from `first` arguments and list sizes) one operation may ask for. */
  readonly maxQueryCost: number;
  readonly httpMaxAge: HttpMaxAges;
  readonly cache: CacheConfig;
}

/** The cross-request cache in front of AppConfig; TTLs in seconds, 0 stores nothing of that kind. */
export interface CacheConfig {
  /** `redis` when REDIS_URL is set, else `memory` (an LRU of `maxEntries`); `none` turns it off. */
  readonly backend: 'memory' | 'redis' | 'none';
  readonly redisUrl: string | undefined;
  readonly maxEntries: number;
  readonly ttl: CacheTtls;
}

export interface CacheTtls {
  /** A deployment in a final state (COMPLETE, ROLLED_BACK, REVERTED): it never changes again. */
  readonly final: number;
  /** A deployment still moving, and environments, whose state follows their deployments. */
  readonly active: number;
  /** List pages: a new deployment or resource appears in them at any time. */
  readonly list: number;
  /** Applications, deployment strategies and configuration profiles, which change rarely. */
  readonly resource: number;
  /** A NOT_FOUND answer. Other errors are never cached. */
  readonly notFound: number;
}

/** Cache-Control max-age, in seconds, of deployment data by how final it is. */
export interface HttpMaxAges {
  /** A deployment in a final state (COMPLETE, ROLLED_BACK, REVERTED) never changes again. */
  readonly final: number;
  /** A deployment still moving, and lists, which grow when a deployment starts. */
  readonly active: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment, reporting every invalid variable together in one ConfigError. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable (`PORT=`) means "unset", as in most shells' and tools' conventions.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`),
    );
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  if (vars.CACHE_BACKEND === 'redis' && vars.REDIS_URL === undefined) {
    throw new ConfigError(['CACHE_BACKEND="redis": REDIS_URL must be set, such as redis://127.0.0.1:6379']);
  }
  return Object.freeze({
    production,
    port: vars.PORT,
    host: vars.HOST,
    appConfig: Object.freeze({
      source: vars.APPCONFIG_SOURCE,
      maxConcurrency: vars.APPCONFIG_MAX_CONCURRENCY,
      maxAttempts: vars.APPCONFIG_MAX_ATTEMPTS,
      timeoutMs: vars.APPCONFIG_TIMEOUT_MS,
      maxListPages: vars.APPCONFIG_MAX_LIST_PAGES,
    }),
    logLevel: vars.LOG_LEVEL,
    corsOrigins: vars.CORS_ORIGINS === undefined ? undefined : Object.freeze(splitList(vars.CORS_ORIGINS)),
    introspection: vars.GRAPHQL_INTROSPECTION === undefined ? !production : vars.GRAPHQL_INTROSPECTION === 'true',
    maxQueryCost: vars.MAX_QUERY_COST,
    httpMaxAge: Object.freeze({ final: vars.HTTP_MAX_AGE_FINAL_SECONDS, active: vars.HTTP_MAX_AGE_ACTIVE_SECONDS }),
    cache: Object.freeze({
      backend: vars.CACHE_BACKEND ?? (vars.REDIS_URL === undefined ? 'memory' : 'redis'),
      redisUrl: vars.REDIS_URL,
      maxEntries: vars.CACHE_MAX_ENTRIES,
      ttl: Object.freeze({
        final: vars.CACHE_FINAL_TTL_SECONDS,
        active: vars.CACHE_ACTIVE_TTL_SECONDS,
        list: vars.CACHE_LIST_TTL_SECONDS,
        resource: vars.CACHE_RESOURCE_TTL_SECONDS,
        notFound: vars.CACHE_NOT_FOUND_TTL_SECONDS,
      }),
    }),
  });
}

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}
