import pLimit from 'p-limit';
import { createAppConfigApi } from './appconfig/api.js';
import { createAppConfigClient } from './appconfig/client.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createGateway } from './server/create-gateway.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const client = createAppConfigClient({
    maxAttempts: config.appConfig.maxAttempts,
    timeoutMs: config.appConfig.timeoutMs,
    maxSockets: config.appConfig.maxConcurrency,
  });
  // Fail at start-up, not on the first query, when the SDK cannot find a region.
  const region = await client.config.region().catch(() => {
    throw new ConfigError(['No AWS region: set AWS_REGION (or a region in the AWS_PROFILE of ~/.aws/config).']);
  });
  const api = createAppConfigApi({ client, limit: pLimit(config.appConfig.maxConcurrency) });
  const gateway = await createGateway({ config, api, logger });
  const url = await gateway.listen(config.port, config.host);
  logger.info({ url: url.href, source: config.appConfig.source, region }, `appconfig-graph serving GraphQL at ${url.href}`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
