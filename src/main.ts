import pLimit from 'p-limit';
import { createAppConfigApi } from './appconfig/api.js';
import { createAppConfigClient } from './appconfig/client.js';
import { createGatewayCache } from './cache/index.js';
import { ConfigError, loadConfig } from './config.js';
import { EmulatorConfigError, loadEmulatorConfig } from './emulator/config.js';
import { SeedError } from './emulator/seed.js';
import { startEmulator } from './emulator/start.js';
import { createLogger } from './logger.js';
import { createGateway } from './server/create-gateway.js';
import { SAMPLE_QUERY } from './server/sample-query.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  // The embedded emulator reads its own variables (EMULATOR_*), and is reached over loopback HTTP by the same SDK client as AWS would be.
  const emulatorConfig = config.appConfig.source === 'embedded' ? loadEmulatorConfig(process.env) : undefined;
  const embedded = emulatorConfig ? await startEmulator(emulatorConfig, logger, { port: 0, host: '127.0.0.1' }) : undefined;
  const client = createAppConfigClient({
    maxAttempts: config.appConfig.maxAttempts,
    timeoutMs: config.appConfig.timeoutMs,
    maxSockets: config.appConfig.maxConcurrency,
    ...(embedded
      ? { endpoint: embedded.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } }
      : {}),
  });
  // Fail at start-up, not on the first query, when the SDK cannot find a region.
  const region = await client.config.region().catch(() => {
    throw new ConfigError(['No AWS region: set AWS_REGION (or a region in the AWS_PROFILE of ~/.aws/config).']);
  });
  const api = createAppConfigApi({ client, limit: pLimit(config.appConfig.maxConcurrency) });
  const cache = createGatewayCache(config.cache, logger);
  const gateway = await createGateway({ config, api, logger, ...(cache ? { cache, health: () => cache.health() } : {}) });
  const url = await gateway.listen(config.port, config.host);
  logger.info(
    { url: url.href, source: config.appConfig.source, region, cache: config.cache.backend, ...(embedded ? { emulatorEndpoint: embedded.endpoint } : {}) },
    `appconfig-graph serving GraphQL at ${url.href} from ${embedded ? `the embedded AppConfig emulator (${embedded.endpoint}, ${emulatorConfig?.seedPath ?? 'sample data'})` : `AWS AppConfig (${region})`}`,
  );
  logger.info(`Try it: open ${url.href} in a browser for Apollo Sandbox, or run: curl -s ${url.href} -H 'content-type: application/json' -d '${JSON.stringify({ query: SAMPLE_QUERY.replace(/\s+/g, ' ') })}'`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway
      .stop()
      .then(() => Promise.all([embedded?.emulator.close(), cache?.close()]))
      .then(
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
  console.error(error instanceof ConfigError || error instanceof EmulatorConfigError || error instanceof SeedError ? error.message : error);
  process.exit(1);
});
