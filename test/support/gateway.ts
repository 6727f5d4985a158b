import type { ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { UpstreamAdmission } from '../../src/appconfig/admission.js';
import { createAppConfigEdge } from '../../src/appconfig/edge.js';
import { createGatewayCache } from '../../src/cache/index.js';
import { type Clock, systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { ACCOUNT_ID as EMULATOR_ACCOUNT_ID } from '../../src/emulator/arn.js';
import { createRedisClient } from '../../src/redis.js';
import { createJwtAuthenticator } from '../../src/server/auth.js';
import { createGateway } from '../../src/server/create-gateway.js';
import { createTelemetry } from '../../src/telemetry/index.js';

export interface TestGatewayOptions {
  readonly endpoint: string;
  readonly maxConcurrency?: number;
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
  readonly production?: boolean;
  /**
   * Further configuration variables, read by the real loadConfig. The cross-request cache is off
   * (CACHE_BACKEND=none) and the rate budget out of reach unless set here, so tests of one request's
   * behaviour see every upstream call, unpaced.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the gateway logs; silent unless given. */
  readonly logger?: Logger;
  /** The clock that ages cached data; the system's unless given (a test's manual clock). */
  readonly clock?: Clock;
}

export interface GraphQLResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ExecutionResult & { errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }> };
}

export interface TestGateway {
  readonly url: URL;
  query(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/** The real gateway on an ephemeral loopback port, with the real SDK client pointed at `endpoint`. */
export async function startGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const config = loadConfig({
    CACHE_BACKEND: 'none',
    // Tests of one request's behaviour are not paced by the fleet's rate budget, nor refused a slot on
    // a loaded machine, unless they set these.
    APPCONFIG_GET_RATE: '100000',
    APPCONFIG_LIST_RATE: '100000',
    APPCONFIG_QUEUE_TIMEOUT_MS: '30000',
    ...(options.production ? { NODE_ENV: 'production', APPCONFIG_SOURCE: 'aws', AUTH_MODE: 'none' } : {}),
    ...(options.maxConcurrency === undefined ? {} : { APPCONFIG_MAX_CONCURRENCY: String(options.maxConcurrency) }),
    ...(options.maxAttempts === undefined ? {} : { APPCONFIG_MAX_ATTEMPTS: String(options.maxAttempts) }),
    ...(options.timeoutMs === undefined ? {} : { APPCONFIG_TIMEOUT_MS: String(options.timeoutMs) }),
    ...options.env,
  });
  const logger = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const redis = config.redisUrl === undefined ? undefined : createRedisClient(config.redisUrl);
  const cache = createGatewayCache(config.cache, logger, clock, redis);
  const admission = new UpstreamAdmission({ maxConcurrency: config.appConfig.maxConcurrency, queueTimeoutMs: config.appConfig.queueTimeoutMs });
  // Wired as main.ts wires it: metrics, access lines (to `logger`), readiness, and authentication when AUTH_MODE=jwt.
  const telemetry = createTelemetry({ config, logger, clock, admission, ...(cache ? { cache } : {}) });
  // The budget paces real time: it keeps the system clock whatever clock ages the cache.
  const appConfig = await createAppConfigEdge({
    settings: config.appConfig,
    accountId: config.appConfig.accountId ?? EMULATOR_ACCOUNT_ID,
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' },
    ...(redis ? { redis } : {}),
    clock: systemClock,
    logger,
    observer: telemetry.upstream,
    admission,
  });
  const gateway = await createGateway({
    config,
    api: appConfig.service,
    logger,
    clock,
    telemetry,
    ...(config.auth.mode === 'jwt' ? { authenticator: createJwtAuthenticator(config.auth.jwt, logger) } : {}),
    ...(cache ? { cache } : {}),
    ...(redis ? { redis } : {}),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    async query(query, variables, operationName) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables, operationName }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
    },
    async stop() {
      await gateway.stop();
      await cache?.close();
      if (redis?.isOpen) redis.destroy();
      appConfig.close();
    },
  };
}
