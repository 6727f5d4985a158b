import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { SeedError } from './seed.js';
import { startEmulator } from './start.js';

/** `npm run emulator`: the AppConfig emulator alone, for the AWS CLI, boto3 or any SDK. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const { emulator, endpoint } = await startEmulator(config.emulator, logger, config.emulator);
  logger.info(
    { endpoint, seed: config.emulator.seedPath ?? 'built-in sample', timeScale: config.emulator.timeScale },
    `AppConfig emulator at ${endpoint} — try: aws appconfig list-applications --endpoint-url ${endpoint} --region us-east-1`,
  );
  const shutdown = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof SeedError ? error.message : error);
  process.exit(1);
});
