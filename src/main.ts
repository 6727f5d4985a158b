// First: tracing, when OTEL_* variables ask for it, must be running before the AWS SDK is loaded (see process-tracing.ts).
import { processTracing } from './telemetry/process-tracing.js';
import { UpstreamAdmission } from './appconfig/admission.js';
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
import { createJwtAuthenticator } from './server/auth.js';
import { createGateway } from './server/create-gateway.js';
import { SAMPLE_QUERY } from './server/sample-query.js';
import { createTelemetry } from './telemetry/index.js';
import { metricsRoute, startMetricsServer } from './telemetry/metrics-http.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    production: config.production,
    terminal: process.stdout.isTTY,
    ...(processTracing ? { mixin: processTracing.logFields } : {}),
  });
  // The embedded emulator reads its own variables (EMULATOR_*), and is reached over loopback HTTP by the same SDK client as AWS would be.
  const emulatorConfig = config.appConfig.source === 'embedded' ? loadEmulatorConfig(process.env) : undefined;
  const embedded = emulatorConfig ? await startEmulator(emulatorConfig, logger, { port: 0, host: '127.0.0.1' }) : undefined;
  const redis = config.redisUrl === undefined ? undefined : createRedisClient(config.redisUrl);
  const cache = createGatewayCache(config.cache, logger, systemClock, redis);
  const admission = new UpstreamAdmission({ maxConcurrency: config.appConfig.maxConcurrency, queueTimeoutMs: config.appConfig.queueTimeoutMs });
  const telemetry = createTelemetry({
    config,
    logger,
    clock: systemClock,
    admission,
    ...(processTracing ? { tracing: processTracing } : {}),
    ...(cache ? { cache } : {}),
  });
  const appConfig = await createAppConfigEdge({
    settings: config.appConfig,
    accountId: embedded ? EMULATOR_ACCOUNT_ID : config.appConfig.accountId,
    ...(embedded ? { endpoint: embedded.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } } : {}),
    ...(redis ? { redis } : {}),
    clock: systemClock,
    logger,
    observer: telemetry.upstream,
    admission,
  });
  const { endpoint, region } = appConfig;
  const gateway = await createGateway({
    config,
    api: appConfig.service,
    logger,
    clock: systemClock,
    telemetry,
    ...(config.auth.mode === 'jwt' ? { authenticator: createJwtAuthenticator(config.auth.jwt, logger) } : {}),
    ...(cache ? { cache } : {}),
    ...(redis ? { redis } : {}),
  });
  const url = await gateway.listen(config.port, config.host).catch((error: unknown) => {
    throw listenProblem(error, config.host, config.port);
  });
  const metricsPort = config.metrics.port;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await startMetricsServer(metricsRoute(telemetry.metrics.registry, config.metrics.token, logger), metricsPort, config.host).catch((error: unknown) => {
          throw listenProblem(error, config.host, metricsPort, 'METRICS_PORT');
        });

  const upstream = embedded
    ? `the embedded AppConfig emulator at ${endpoint} (${emulatorConfig?.seedPath ?? 'sample data'})`
    : `AppConfig at ${endpoint} (region ${region})`;
  logger.info(
    {
      url: url.href,
      source: config.appConfig.source,
      endpoint,
      region,
      cache: config.cache.backend,
      auth: config.auth.mode,
      tracing: processTracing !== undefined,
    },
    `appconfig-graph serving GraphQL at ${url.href} from ${upstream}`,
  );
  logger.info(
    `Metrics at ${metricsServer?.url.href ?? new URL('/metrics', url).href}; probes at ${new URL('/healthz', url).href} and ${new URL('/readyz', url).href}`,
  );
  if (config.dashboard.enabled) logger.info(`Deployment dashboard: open ${new URL(config.dashboard.path, url).href} in a browser`);
  if (!config.production) {
    // The command on a line of its own, so it can be copied from a terminal (LOG_FORMAT=pretty prints it as is).
    const curl = `curl -s ${url.href} -H 'content-type: application/json' -d '${JSON.stringify({ query: SAMPLE_QUERY.replace(/\s+/g, ' ') })}'`;
    logger.info({ tryIt: curl }, `Try it: open ${url.href} in a browser for Apollo Sandbox, or run:\n\n${curl}\n`);
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, `shutting down: answering in-flight requests for up to ${config.shutdownGraceMs} ms`);
    gateway
      .stop()
      .then(() => Promise.all([embedded?.emulator.close(), cache?.close(), metricsServer?.close(), processTracing?.shutdown()]))
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
function listenProblem(error: unknown, host: string, port: number, variable = 'PORT'): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return new ConfigError([`${variable}=${port}: ${host}:${port} is already in use; set ${variable} to a free port (0 picks one).`]);
  if (code === 'EACCES') return new ConfigError([`${variable}=${port}: not allowed to listen on ${host}:${port}; set ${variable} to 1024 or above.`]);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new ConfigError([`HOST=${host}: no such interface on this machine; set HOST to 127.0.0.1 or 0.0.0.0.`]);
  return error;
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof EmulatorConfigError || error instanceof SeedError || error instanceof NoRegionError;
  console.error(known ? error.message : error);
  process.exit(1);
});
