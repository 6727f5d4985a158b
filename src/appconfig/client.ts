import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AppConfigClient, type AppConfigClientConfig } from '@aws-sdk/client-appconfig';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface AppConfigClientOptions {
  readonly maxAttempts: number;
  /** Bound on each attempt: connecting, and the whole request once connected. */
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
}

/**
 * Builds the one AppConfig client of the process. Region and credentials come from the SDK's default
 * provider chain unless given; URLs are built by the SDK, which encodes every id as one path segment.
 */
export function createAppConfigClient(options: AppConfigClientOptions): AppConfigClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
  return new AppConfigClient({
    maxAttempts: options.maxAttempts,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
}
