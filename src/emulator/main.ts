import { EmulatorConfigError, loadEmulatorConfig } from './config.js';
import { createEmulatorLogger } from './logger.js';
import { SeedError } from './seed.js';
import { startEmulator } from './start.js';

/** `npm run emulator`: the AppConfig emulator alone, for the AWS CLI, boto3 or any SDK. It reads only its own variables. */
async function main(): Promise<void> {
  const config = loadEmulatorConfig(process.env);
  const logger = createEmulatorLogger(config.logLevel);
  const { emulator, endpoint } = await startEmulator(config, logger);
  logger.info(
    { endpoint, seed: config.seedPath ?? 'built-in sample', timeScale: config.timeScale, faults: config.faults },
    `AppConfig emulator at ${endpoint} — try: aws appconfig list-applications --endpoint-url ${endpoint} --region us-east-1`,
  );
  const shutdown = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof EmulatorConfigError || error instanceof SeedError ? error.message : error);
  process.exit(1);
});
