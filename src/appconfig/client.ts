import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AppConfigClient, type AppConfigClientConfig } from '@aws-sdk/client-appconfig';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BoundedHttpHandler } from './bounded-http-handler.js';

export interface AppConfigClientOptions {
  readonly maxAttempts: number;
  /** Bound on each attempt: connecting, sending, and reading the whole response, body included. */
  readonly timeoutMs: number;
  /** Sockets kept per host; no more calls than this are ever in flight. */
  readonly maxSockets: number;
  /**
   * Only for endpoints the gateway chooses itself (the embedded emulator, tests). Otherwise the SDK's
   * own chain applies: `AWS_ENDPOINT_URL_APPCONFIG`, `AWS_ENDPOINT_URL`, shared config, then AWS.
   */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: AppConfigClientConfig['credentials'];
  /** Awaited before each attempt is sent: its turn in the fleet's rate budget (BudgetGate). */
  readonly beforeAttempt?: () => Promise<void>;
}

/**
 * Builds the one AppConfig client of the process. Region and credentials come from the SDK's default
 * provider chain unless given; URLs are built by the SDK, which encodes every id as one path segment.
 */
export function createAppConfigClient(options: AppConfigClientOptions): AppConfigClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
  const nodeHandler = new NodeHttpHandler({
    connectionTimeout: options.timeoutMs,
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
  });
  return new AppConfigClient({
    maxAttempts: options.maxAttempts,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    requestHandler: new BoundedHttpHandler(nodeHandler, options.timeoutMs, options.beforeAttempt),
  });
}

/**
 * The endpoint `client` sends to, for the start banner: an explicit one, else the SDK's configured
 * one (`AWS_ENDPOINT_URL_APPCONFIG`, `AWS_ENDPOINT_URL`, a profile's `endpoint_url`), else AWS's own.
 */
export async function resolveEndpoint(client: AppConfigClient, region: string): Promise<string> {
  const explicit = await client.config.endpoint?.();
  if (explicit) return new URL(`${explicit.protocol}//${explicit.hostname}${explicit.port ? `:${explicit.port}` : ''}${explicit.path}`).href;
  const configured = await client.config.serviceConfiguredEndpoint?.();
  if (configured) return new URL(configured).href;
  return client.config.endpointProvider({
    Region: region,
    UseFIPS: await client.config.useFipsEndpoint(),
    UseDualStack: await client.config.useDualstackEndpoint(),
  }).url.href;
}
