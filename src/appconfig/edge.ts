import type { AppConfigClientConfig } from '@aws-sdk/client-appconfig';
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { UpstreamAdmission } from './admission.js';
import { type AppConfigService, createAppConfigService } from './api.js';
import { BudgetGate } from './budget-gate.js';
import { createAppConfigClient, resolveEndpoint } from './client.js';
import { createFleetBudget } from './fleet-budget.js';
import { observeAttempts, type UpstreamObserver } from './observer.js';
import { accountOf, arnOf } from './resource-arns.js';

export interface AppConfigEdgeOptions {
  readonly settings: Config['appConfig'];
  /** APPCONFIG_ACCOUNT_ID, or the emulator's: without it, STS is asked when tags are first read. */
  readonly accountId: string | undefined;
  /** Only for endpoints the gateway chooses itself (the embedded emulator, tests, the benchmark); else the SDK's chain. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: AppConfigClientConfig['credentials'];
  /** Present when replicas share Redis: they then share one rate budget. */
  readonly redis?: RedisClientType;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Told of every call, attempt and budget admission (metrics, readiness). */
  readonly observer?: UpstreamObserver;
  /** Fair admission of calls to the client's sockets; built from the settings unless the caller watches one of its own. */
  readonly admission?: UpstreamAdmission;
}

/** The SDK found no region: the gateway cannot build AppConfig's endpoint. */
export class NoRegionError extends Error {
  constructor() {
    super('No AWS region: set AWS_REGION (or a region in the AWS_PROFILE of ~/.aws/config).');
    this.name = 'NoRegionError';
  }
}

export interface AppConfigEdge {
  readonly service: AppConfigService;
  readonly region: string;
  /** The endpoint calls go to, for the start banner. */
  readonly endpoint: string;
  close(): void;
}

/**
 * The gateway's door to AppConfig, assembled: one SDK client whose attempts take turns from the
 * fleet's rate budget, fair admission of calls to its sockets, and ARNs for the tags. Fails, before
 * any query, when the SDK cannot find a region.
 */
export async function createAppConfigEdge(options: AppConfigEdgeOptions): Promise<AppConfigEdge> {
  const { settings } = options;
  const gate = new BudgetGate();
  const client = createAppConfigClient({
    maxAttempts: settings.maxAttempts,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxConcurrency,
    beforeAttempt: gate.beforeAttempt,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  if (options.observer) observeAttempts(client, options.observer);
  const region = await client.config.region().catch(() => {
    client.destroy();
    throw new NoRegionError();
  });
  const endpoint = await resolveEndpoint(client, region);
  const admission = options.admission ?? new UpstreamAdmission({ maxConcurrency: settings.maxConcurrency, queueTimeoutMs: settings.queueTimeoutMs });
  const budget = createFleetBudget({
    rates: settings.rates,
    ...(options.redis ? { redis: options.redis } : {}),
    endpoint,
    clock: options.clock,
    logger: options.logger,
  });
  const account = accountOf(options.accountId, region);
  const service = createAppConfigService({
    client,
    admission,
    budget,
    gate,
    queueTimeoutMs: settings.queueTimeoutMs,
    arnOf: async (resource) => arnOf(resource, region, await account()),
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return {
    service,
    region,
    endpoint,
    close: () => client.destroy(),
  };
}
