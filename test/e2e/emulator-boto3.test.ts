import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { StartDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-appconfig';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const run = promisify(execFile);
const boto3Available = spawnSync('python3.11', ['-c', 'import boto3']).status === 0;
if (!boto3Available) console.warn('Skipping the boto3 tests: python3.11 with boto3 is not installed (it is on the project machines).');

let emulator: TestEmulator;

/**
 * Runs Python 3.11 with a boto3 AppConfig client pointed at the emulator as `client`, and resolves with
 * what the script prints (its last line parsed as JSON).
 */
async function boto3(script: string): Promise<unknown> {
  const program = [
    'import boto3, json, sys',
    `client = boto3.client('appconfig', endpoint_url=${JSON.stringify(emulator.endpoint)}, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')`,
    script,
  ].join('\n');
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };
  const { stdout } = await run('python3.11', ['-c', program], { env });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
}

const ids = { ApplicationId: '339ohji', EnvironmentId: '54j1r29' };
const environmentState = () => boto3(`print(json.dumps(client.get_environment(ApplicationId='339ohji', EnvironmentId='54j1r29')['State']))`);
/** boto3's EnvironmentReadyForDeployment waiter, polling every second; prints "ready" or the waiter's failure. */
const waitForEnvironment = () =>
  boto3(`
from botocore.exceptions import WaiterError
try:
    client.get_waiter('environment_ready_for_deployment').wait(ApplicationId='339ohji', EnvironmentId='54j1r29', WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
    print(json.dumps('ready'))
except WaiterError as error:
    print(json.dumps(str(error)))
`);

describe.skipIf(!boto3Available)('the emulator through boto3', { timeout: 60_000 }, () => {
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.close());

  const start = () =>
    emulator.client.send(new StartDeploymentCommand({ ...ids, DeploymentStrategyId: '1225qzk', ConfigurationProfileId: 'ur8hx2f', ConfigurationVersion: '2' }));

  it("reads an environment's State in the service's form through a deployment, its rollback, and a revert", async () => {
    const seen = [await environmentState()];
    await start();
    seen.push(await environmentState());
    emulator.clock.advanceMinutes(4);
    await emulator.client.send(new StopDeploymentCommand({ ...ids, DeploymentNumber: 2 }));
    seen.push(await environmentState());
    emulator.clock.advanceMinutes(1);
    seen.push(await environmentState());
    await start();
    emulator.clock.advanceMinutes(15);
    seen.push(await environmentState());
    await emulator.client.send(new StopDeploymentCommand({ ...ids, DeploymentNumber: 3, AllowRevert: true }));
    seen.push(await environmentState());
    expect(seen).toEqual(['ReadyForDeployment', 'Deploying', 'RollingBack', 'RolledBack', 'ReadyForDeployment', 'Reverted']);
  });

  it("waits with botocore's EnvironmentReadyForDeployment waiter until the deployment completes", async () => {
    await start();
    emulator.resetCounters();
    const waited = waitForEnvironment();
    await eventually(() => emulator.callsTo('GetEnvironment') >= 1, 20_000, 'the waiter to poll');
    emulator.clock.advanceMinutes(15);
    expect(await waited).toBe('ready');
    expect(emulator.callsTo('GetEnvironment')).toBeGreaterThanOrEqual(2);
  });

  it('ends that waiter in failure when the deployment is rolled back', async () => {
    await start();
    emulator.resetCounters();
    const waited = waitForEnvironment();
    await eventually(() => emulator.callsTo('GetEnvironment') >= 1, 20_000, 'the waiter to poll');
    await emulator.client.send(new StopDeploymentCommand({ ...ids, DeploymentNumber: 2 }));
    emulator.clock.advanceMinutes(1);
    expect(await waited).toBe(
      'Waiter EnvironmentReadyForDeployment failed: Waiter encountered a terminal failure state: For expression "State" we matched expected path: "RolledBack"',
    );
  });
});
