import { createAppConfigEdge, NoRegionError } from './appconfig/edge.js';
import { createGatewayCache } from './cache/index.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { ACCOUNT_ID as EMULATOR_ACCOUNT_ID, REGION as EMULATOR_REGION } from './emulator/arn.js';
import { EmulatorConfigError, loadEmulatorConfig } from './emulator/config.js';
import { SeedError } from './emulator/seed.js';
import { startEmulator } from './emulator/start.js';
import { createLogger } from './logger.js';
import { createRedisClient } from './redis.js';
import { createGateway } from './server/create-gateway.js';
import { SAMPLE_QUERY } from './server/sample-query.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  // The embedded emulator reads its own variables (EMULATOR_*), and is reached over loopback HTTP by the same SDK client as AWS would be.
  const emulatorConfig = config.appConfig.source === 'embedded' ? loadEmulatorConfig(process.env) : undefined;
  const embedded = emulatorConfig ? await startEmulator(emulatorConfig, logger, { port: 0, host: '127.0.0.1' }) : undefined;
  const redis = config.redisUrl === undefined ? undefined : createRedisClient(config.redisUrl);
  const appConfig = await createAppConfigEdge({
    settings: config.appConfig,
    accountId: embedded ? EMULATOR_ACCOUNT_ID : config.appConfig.accountId,
    ...(embedded ? { endpoint: embedded.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } } : {}),
    ...(redis ? { redis } : {}),
    clock: systemClock,
    logger,
  });
  const { endpoint, region } = appConfig;
  const cache = createGatewayCache(config.cache, logger, systemClock, redis);
  const gateway = await createGateway({
    config,
    api: appConfig.service,
    logger,
    clock: systemClock,
    ...(cache ? { cache } : {}),
    ...(redis ? { redis } : {}),
    health: () => ({ ...cache?.health(), upstream: appConfig.stats() }),
  });
  const url = await gateway.listen(config.port, config.host).catch((error: unknown) => {
    throw listenProblem(error, config.host, config.port);
  });

  const upstream = embedded
    ? `the embedded AppConfig emulator at ${endpoint} (${emulatorConfig?.seedPath ?? 'sample data'})`
    : `AppConfig at ${endpoint} (region ${region})`;
  logger.info({ url: url.href, source: config.appConfig.source, endpoint, region, cache: config.cache.backend }, `appconfig-graph serving GraphQL at ${url.href} from ${upstream}`);
  if (config.dashboard.enabled) logger.info(`Deployment dashboard: open ${new URL(config.dashboard.path, url).href} in a browser`);
  if (!config.production) {
    logger.info(`Try it: open ${url.href} in a browser for Apollo Sandbox, or run: curl -s ${url.href} -H 'content-type: application/json' -d '${JSON.stringify({ query: SAMPLE_QUERY.replace(/\s+/g, ' ') })}'`);
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, `shutting down: answering in-flight requests for up to ${config.shutdownGraceMs} ms`);
    gateway
      .stop()
      .then(() => Promise.all([embedded?.emulator.close(), cache?.close()]))
      .then(() => {
        if (redis?.isOpen) redis.destroy();
        appConfig.close();
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Turns a failure to listen into one line naming the variable to change. */
function listenProblem(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return new ConfigError([`PORT=${port}: ${host}:${port} is already in use; set PORT to a free port (0 picks one).`]);
  if (code === 'EACCES') return new ConfigError([`PORT=${port}: not allowed to listen on ${host}:${port}; set PORT to 1024 or above.`]);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ConfigError([`HOST=${host}: no such interface on this machine; set HOST to 127.0.0.1 or 0.0.0.0.`]);
  return error;
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof EmulatorConfigError || error instanceof SeedError || error instanceof NoRegionError;
  console.error(known ? error.message : error);
  process.exit(1);
});
