import { z } from 'zod';
import { tracingSettings } from './telemetry/tracing.js';

const integer = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Paths the gateway answers itself, which the dashboard may not take. */
const RESERVED_PATHS = ['/graphql', '/healthz', '/readyz', '/metrics'];
const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//i;

const environmentSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: integer(0, 65535, 4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  APPCONFIG_SOURCE: z.enum(['embedded', 'aws']).optional(),
  APPCONFIG_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  APPCONFIG_MAX_CONCURRENCY: integer(1, 100, 10),
  APPCONFIG_MAX_ATTEMPTS: integer(1, 10, 3),
  APPCONFIG_TIMEOUT_MS: integer(100, 120_000, 5000),
  APPCONFIG_MAX_LIST_PAGES: integer(1, 100, 5),
  APPCONFIG_MAX_CALLS_PER_REQUEST: integer(1, 100_000, 200),
  APPCONFIG_QUEUE_TIMEOUT_MS: integer(0, 600_000, 2000),
  APPCONFIG_GET_RATE: integer(1, 100_000, 50),
  APPCONFIG_LIST_RATE: integer(1, 100_000, 5),
  REQUEST_TIMEOUT_MS: integer(100, 600_000, 20_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  CORS_ORIGINS: z.string().optional(),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  GRAPHQL_MAX_TOKENS: integer(100, 4000, 3000),
  GRAPHQL_MAX_DEPTH: integer(1, 100, 20),
  WATCH_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  SUBSCRIPTIONS_MAX: integer(1, 1_000_000, 10_000),
  SUBSCRIPTIONS_MAX_PER_CONNECTION: integer(1, 10_000, 100),
  MAX_QUERY_COST: integer(1, 10_000_000, 25_000),
  HTTP_MAX_AGE_FINAL_SECONDS: integer(0, 31_536_000, 86_400),
  HTTP_MAX_AGE_ACTIVE_SECONDS: integer(0, 3600, 5),
  CACHE_BACKEND: z.enum(['memory', 'redis', 'none']).optional(),
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => /^rediss?:\/\//i.test(url), 'must start with redis:// or rediss://, such as redis://127.0.0.1:6379')
    .optional(),
  CACHE_MAX_ENTRIES: integer(1, 10_000_000, 10_000),
  CACHE_RESPONSES: z.enum(['true', 'false']).default('true'),
  CACHE_RESPONSE_MAX_BYTES: integer(1024, 4_294_967_296, 32 * 1024 * 1024),
  CACHE_FINAL_TTL_SECONDS: integer(0, 31_536_000, 86_400),
  CACHE_ACTIVE_TTL_SECONDS: integer(0, 3600, 5),
  CACHE_LIST_TTL_SECONDS: integer(0, 3600, 5),
  CACHE_RESOURCE_TTL_SECONDS: integer(0, 86_400, 30),
  CACHE_NOT_FOUND_TTL_SECONDS: integer(0, 3600, 5),
  CACHE_STALE_IF_ERROR_SECONDS: integer(0, 31_536_000, 86_400),
  DASHBOARD_ENABLED: z.enum(['true', 'false']).default('true'),
  DASHBOARD_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be a path such as /dashboard: one or more /segments, no trailing slash')
    .refine((path) => !RESERVED_PATHS.includes(path), `must not be ${RESERVED_PATHS.join(', ')}, which the gateway answers itself`)
    .default('/dashboard'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'must be letters, digits and -._~+/ (a bearer token), such as the output of `openssl rand -base64 32`')
    .min(16, 'must be at least 16 characters')
    .optional(),
  METRICS_MAX_OPERATION_NAMES: integer(1, 10_000, 100),
  AUTH_MODE: z.enum(['jwt', 'none']).optional(),
  AUTH_JWKS_URL: z
    .string()
    .url()
    .refine((url) => /^https:\/\//i.test(url) || LOOPBACK_HTTP.test(url), 'must be an https:// URL (http:// only on loopback, for tests)')
    .optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_CLOCK_SKEW_SECONDS: integer(0, 600, 30),
  AUTH_REQUIRED_SCOPES: z.string().optional(),
  AUTH_APPLICATIONS_CLAIM: z.string().optional(),
  AUTH_JWKS_COOLDOWN_SECONDS: integer(0, 3600, 30),
});

/** The gateway's settings, parsed once at start-up; nothing reads `process.env` after this. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly appConfig: {
    /** `embedded`: an in-process AppConfig emulator with sample data; `aws`: the SDK's endpoint chain. */
    readonly source: 'embedded' | 'aws';
    /** The account the gateway reads, for the ARNs tags are read by; asked of STS when absent. */
    readonly accountId: string | undefined;
    /** Most AppConfig calls in flight at once from this process. */
    readonly maxConcurrency: number;
    /** Attempts per AppConfig call, the first included, under the SDK's standard retry strategy. */
    readonly maxAttempts: number;
    /** Bound on each attempt, from connecting to the end of the response. */
    readonly timeoutMs: number;
    /** Most list pages one field may read; List calls are limited to 10 per second per account. */
    readonly maxListPages: number;
    /** Most AppConfig calls one GraphQL request may make, estimated before it runs and enforced while it does. */
    readonly maxCallsPerRequest: number;
    /** Longest a call waits for one of the `maxConcurrency` slots, and each attempt for its turn in the budget, before it answers UPSTREAM_THROTTLED. */
    readonly queueTimeoutMs: number;
    /**
     * Get* and List* calls per second for the fleet: every replica sharing REDIS_URL draws on one
     * budget (else each process has its own). Half of AWS's quotas by default: the account's deploy
     * pipelines and console share the rest.
     */
    readonly rates: { readonly get: number; readonly list: number };
  };
  /** After this long a request's AppConfig calls are abandoned, so every request ends within about this. */
  readonly requestTimeoutMs: number;
  /** How long SIGTERM waits for in-flight requests: never less than the longest a request can take. */
  readonly shutdownGraceMs: number;
  /** Subscriptions: how often a watched deployment is polled, and how many may run. */
  readonly live: {
    readonly watchIntervalMs: number;
    readonly maxSubscriptions: number;
    readonly maxPerConnection: number;
  };
  /** Bounds on documents, checked before anything runs. */
  readonly graphql: {
    /** Most tokens a document may have; parsing stops there. */
    readonly maxTokens: number;
    /** Most levels of nested fields. */
    readonly maxDepth: number;
  };
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /** `json` lines, or `pretty` readable ones; undefined: pretty on a terminal in development, JSON otherwise. */
  readonly logFormat: 'json' | 'pretty' | undefined;
  /** Origins allowed by CORS; undefined means the development default. */
  readonly corsOrigins: readonly string[] | undefined;
  /** Schema introspection (and so Sandbox's docs); on in development, off in production by default. */
  readonly introspection: boolean;
  /** Most AppConfig objects (an estimate from `first` arguments and list sizes) one operation may ask for. */
  readonly maxQueryCost: number;
  readonly httpMaxAge: HttpMaxAges;
  readonly cache: CacheConfig;
  /** Redis shared by the replicas (REDIS_URL): their cache and their AppConfig budget. */
  readonly redisUrl: string | undefined;
  readonly dashboard: DashboardConfig;
  readonly metrics: MetricsConfig;
  readonly auth: AuthConfig;
}

/** Prometheus metrics at /metrics. */
export interface MetricsConfig {
  /** A port of their own (on HOST), so the main one can stay public; undefined: /metrics on the main port. */
  readonly port: number | undefined;
  /** A bearer token /metrics requires; undefined: open. */
  readonly token: string | undefined;
  /** Distinct operation names labelled before the rest are counted as `__other`. */
  readonly maxOperationNames: number;
}

/** Who may call GraphQL: anyone (`none`), or holders of a JWT the issuer signed (`jwt`). Probes stay open. */
export type AuthConfig = { readonly mode: 'none' } | { readonly mode: 'jwt'; readonly jwt: JwtConfig };

export interface JwtConfig {
  /** Where the issuer publishes its signing keys (JWKS). */
  readonly jwksUrl: URL;
  /** The exact `iss` a token must carry. */
  readonly issuer: string;
  /** An `aud` a token must carry. */
  readonly audience: string;
  /** Leeway for `exp` and `nbf` between the issuer's clock and this one. */
  readonly clockToleranceSeconds: number;
  /** Scopes every token must carry (in `scope`, space-separated, or `scp`); none when empty. */
  readonly requiredScopes: readonly string[];
  /** The claim listing the application ids a caller may read (`*` for all); undefined: every application. */
  readonly applicationsClaim: string | undefined;
  /** After refetching the key set, a token naming an unknown key does not refetch it again for this long. */
  readonly jwksCooldownSeconds: number;
}

/** The deployment dashboard (web/), served by the gateway from its build. */
export interface DashboardConfig {
  readonly enabled: boolean;
  /** Where it is served, such as `/dashboard`; every deep link below it opens the app. */
  readonly path: string;
}

/** The cross-request cache in front of AppConfig; TTLs in seconds, 0 stores nothing of that kind. */
export interface CacheConfig {
  /** `redis` when REDIS_URL is set, else `memory` (an LRU of `maxEntries`); `none` turns it off. */
  readonly backend: 'memory' | 'redis' | 'none';
  readonly maxEntries: number;
  /** Whole responses are cached too, for as long as their cache policy allows. */
  readonly responses: boolean;
  /** Bound of the in-memory whole-response cache, in bytes of JSON. */
  readonly responseMaxBytes: number;
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
  /** How long past its TTL a value may still answer, flagged stale, when AppConfig fails; 0: never. */
  readonly staleIfError: number;
}

/** Cache-Control max-age, in seconds, of deployment data by how final it is. */
export interface HttpMaxAges {
  /** A deployment in a final state (COMPLETE, ROLLED_BACK, REVERTED) never changes again. */
  readonly final: number;
  /** A deployment still moving, and lists, which grow when a deployment starts. */
  readonly active: number;
}

/** Time an answer needs after its request's deadline: its remaining fields fail fast and it is written. */
const SHUTDOWN_MARGIN_MS = 2000;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment, reporting every invalid variable together in one ConfigError. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable (`PORT=`) means "unset", as in most shells' and tools' conventions.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  // The OTEL_* variables are read by tracing (before this runs); their problems are reported with the rest.
  const tracingProblems = tracingSettings(env).problems;
  if (!parsed.success) {
    throw new ConfigError([
      ...parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`),
      ...tracingProblems,
    ]);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  const problems: string[] = [];
  if (vars.CACHE_BACKEND === 'redis' && vars.REDIS_URL === undefined) {
    problems.push('CACHE_BACKEND="redis": REDIS_URL must be set, such as redis://127.0.0.1:6379');
  }
  if (production && vars.APPCONFIG_SOURCE === undefined) {
    problems.push(
      'APPCONFIG_SOURCE must be set in production (NODE_ENV=production): "aws" to serve AppConfig, or "embedded" to serve the emulator\'s sample data on purpose.',
    );
  }
  // In-flight requests end within REQUEST_TIMEOUT_MS; a shorter grace would cut answers off.
  const minimumGrace = vars.REQUEST_TIMEOUT_MS + SHUTDOWN_MARGIN_MS;
  if (vars.SHUTDOWN_GRACE_MS !== undefined && vars.SHUTDOWN_GRACE_MS < minimumGrace) {
    problems.push(
      `SHUTDOWN_GRACE_MS=${vars.SHUTDOWN_GRACE_MS}: must be at least ${minimumGrace} (REQUEST_TIMEOUT_MS + ${SHUTDOWN_MARGIN_MS}), the longest an in-flight request can take; lower REQUEST_TIMEOUT_MS to shorten it.`,
    );
  }
  if (production && vars.AUTH_MODE === undefined) {
    problems.push(
      'AUTH_MODE must be set in production (NODE_ENV=production): "jwt" to require bearer tokens (with AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE), or "none" to let anyone who reaches the gateway query it (behind a router that authenticates, for instance).',
    );
  }
  if (vars.AUTH_MODE === 'jwt') {
    for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
      if (vars[name] === undefined) problems.push(`AUTH_MODE="jwt": ${name} must be set`);
    }
  }
  problems.push(...tracingProblems);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    production,
    port: vars.PORT,
    host: vars.HOST,
    appConfig: Object.freeze({
      source: vars.APPCONFIG_SOURCE ?? 'embedded',
      accountId: vars.APPCONFIG_ACCOUNT_ID,
      maxConcurrency: vars.APPCONFIG_MAX_CONCURRENCY,
      maxAttempts: vars.APPCONFIG_MAX_ATTEMPTS,
      timeoutMs: vars.APPCONFIG_TIMEOUT_MS,
      maxListPages: vars.APPCONFIG_MAX_LIST_PAGES,
      maxCallsPerRequest: vars.APPCONFIG_MAX_CALLS_PER_REQUEST,
      queueTimeoutMs: vars.APPCONFIG_QUEUE_TIMEOUT_MS,
      rates: Object.freeze({ get: vars.APPCONFIG_GET_RATE, list: vars.APPCONFIG_LIST_RATE }),
    }),
    requestTimeoutMs: vars.REQUEST_TIMEOUT_MS,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS ?? minimumGrace,
    graphql: Object.freeze({ maxTokens: vars.GRAPHQL_MAX_TOKENS, maxDepth: vars.GRAPHQL_MAX_DEPTH }),
    live: Object.freeze({
      watchIntervalMs: Math.round(vars.WATCH_INTERVAL_SECONDS * 1000),
      maxSubscriptions: vars.SUBSCRIPTIONS_MAX,
      maxPerConnection: vars.SUBSCRIPTIONS_MAX_PER_CONNECTION,
    }),
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT,
    corsOrigins: vars.CORS_ORIGINS === undefined ? undefined : Object.freeze(splitList(vars.CORS_ORIGINS)),
    introspection: vars.GRAPHQL_INTROSPECTION === undefined ? !production : vars.GRAPHQL_INTROSPECTION === 'true',
    maxQueryCost: vars.MAX_QUERY_COST,
    httpMaxAge: Object.freeze({ final: vars.HTTP_MAX_AGE_FINAL_SECONDS, active: vars.HTTP_MAX_AGE_ACTIVE_SECONDS }),
    redisUrl: vars.REDIS_URL,
    cache: Object.freeze({
      backend: vars.CACHE_BACKEND ?? (vars.REDIS_URL === undefined ? 'memory' : 'redis'),
      maxEntries: vars.CACHE_MAX_ENTRIES,
      responses: vars.CACHE_RESPONSES === 'true',
      responseMaxBytes: vars.CACHE_RESPONSE_MAX_BYTES,
      ttl: Object.freeze({
        final: vars.CACHE_FINAL_TTL_SECONDS,
        active: vars.CACHE_ACTIVE_TTL_SECONDS,
        list: vars.CACHE_LIST_TTL_SECONDS,
        resource: vars.CACHE_RESOURCE_TTL_SECONDS,
        notFound: vars.CACHE_NOT_FOUND_TTL_SECONDS,
        staleIfError: vars.CACHE_STALE_IF_ERROR_SECONDS,
      }),
    }),
    dashboard: Object.freeze({ enabled: vars.DASHBOARD_ENABLED === 'true', path: vars.DASHBOARD_PATH }),
    metrics: Object.freeze({ port: vars.METRICS_PORT, token: vars.METRICS_TOKEN, maxOperationNames: vars.METRICS_MAX_OPERATION_NAMES }),
    auth: authConfig(vars),
  });
}

/** AUTH_MODE=jwt with its three required variables checked above; `none` otherwise (development's default). */
function authConfig(vars: z.infer<typeof environmentSchema>): AuthConfig {
  if (vars.AUTH_MODE !== 'jwt' || !vars.AUTH_JWKS_URL || vars.AUTH_ISSUER === undefined || vars.AUTH_AUDIENCE === undefined)
    return Object.freeze({ mode: 'none' });
  return Object.freeze({
    mode: 'jwt',
    jwt: Object.freeze({
      jwksUrl: new URL(vars.AUTH_JWKS_URL),
      issuer: vars.AUTH_ISSUER,
      audience: vars.AUTH_AUDIENCE,
      clockToleranceSeconds: vars.AUTH_CLOCK_SKEW_SECONDS,
      requiredScopes: Object.freeze(splitList(vars.AUTH_REQUIRED_SCOPES?.replace(/\s+/g, ',') ?? '')),
      applicationsClaim: vars.AUTH_APPLICATIONS_CLAIM,
      jwksCooldownSeconds: vars.AUTH_JWKS_COOLDOWN_SECONDS,
    }),
  });
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
