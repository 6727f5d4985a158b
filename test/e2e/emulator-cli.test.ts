import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const run = promisify(execFile);
const cliAvailable = spawnSync('aws', ['--version']).error === undefined;
if (!cliAvailable) console.warn('Skipping the AWS CLI tests: no `aws` command on PATH (it comes with Python 3.11 on the project machines).');

let emulator: TestEmulator;
/** Extra variables for the CLI, such as AWS_DATA_PATH for the waiter tests. */
let extraEnvironment: Record<string, string> = {};

/** Runs `aws appconfig …` against the emulator with throwaway credentials; resolves with exit code and output. */
async function aws(...args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    AWS_ACCESS_KEY_ID: 'test-access-key',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_PAGER: '',
    ...extraEnvironment,
  };
  try {
    const { stdout, stderr } = await run('aws', ['appconfig', ...args, '--endpoint-url', emulator.endpoint, '--output', 'json'], { env });
    return { code: 0, json: stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {}, stderr };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, json: {}, stderr: failure.stderr };
  }
}

// The CLI takes a second or more to start on a busy machine, and these tests run it several times.
describe.skipIf(!cliAvailable)('the emulator through the AWS CLI (botocore)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it("answers get-deployment with AWS's documented example output", async () => {
    const { code, json } = await aws('get-deployment', '--application-id', '339ohji', '--environment-id', '54j1r29', '--deployment-number', '1');
    expect(code).toBe(0);
    expect(json).toMatchObject({
      ApplicationId: '339ohji',
      ConfigurationLocationUri: 'ssm-parameter://Example-Parameter',
      ConfigurationName: 'Example-Configuration-Profile',
      ConfigurationProfileId: 'ur8hx2f',
      ConfigurationVersion: '1',
      DeploymentDurationInMinutes: 15,
      DeploymentNumber: 1,
      DeploymentStrategyId: '1225qzk',
      EnvironmentId: '54j1r29',
      FinalBakeTimeInMinutes: 0,
      GrowthFactor: 25,
      GrowthType: 'LINEAR',
      PercentageComplete: 100,
      State: 'COMPLETE',
    });
    expect((json['EventLog'] as Array<{ EventType: string }>).map((event) => event.EventType)).toEqual([
      'DEPLOYMENT_COMPLETED',
      'BAKE_TIME_STARTED',
      'PERCENTAGE_UPDATED',
      'PERCENTAGE_UPDATED',
      'PERCENTAGE_UPDATED',
      'PERCENTAGE_UPDATED',
      'DEPLOYMENT_STARTED',
    ]);
    expect(new Date(json['CompletedAt'] as string).toISOString()).toBe('2021-09-17T21:59:03.888Z');
  });

  it('lists, starts, watches and stops a deployment', async () => {
    const listed = await aws('list-applications');
    expect((listed.json['Items'] as Array<{ Id: string }>).map((item) => item.Id)).toContain('339ohji');

    const started = await aws(
      'start-deployment',
      '--application-id',
      '339ohji',
      '--environment-id',
      '54j1r29',
      '--deployment-strategy-id',
      '1225qzk',
      '--configuration-profile-id',
      'ur8hx2f',
      '--configuration-version',
      '2',
      '--description',
      'from the CLI',
    );
    expect(started.json).toMatchObject({ DeploymentNumber: 2, State: 'DEPLOYING', PercentageComplete: 0, Description: 'from the CLI' });

    emulator.clock.advanceMinutes(6);
    const watched = await aws('get-deployment', '--application-id', '339ohji', '--environment-id', '54j1r29', '--deployment-number', '2');
    expect(watched.json).toMatchObject({ State: 'DEPLOYING', PercentageComplete: 50 });

    const stopped = await aws('stop-deployment', '--application-id', '339ohji', '--environment-id', '54j1r29', '--deployment-number', '2');
    expect(stopped.json).toMatchObject({ State: 'ROLLING_BACK' });
    const summaries = await aws('list-deployments', '--application-id', '339ohji', '--environment-id', '54j1r29');
    expect((summaries.json['Items'] as Array<{ DeploymentNumber: number; State: string }>).map((item) => [item.DeploymentNumber, item.State])).toEqual([
      [2, 'ROLLING_BACK'],
      [1, 'COMPLETE'],
    ]);
  });

  it('reports AppConfig errors the way the CLI shows real ones', async () => {
    const missing = await aws('get-deployment', '--application-id', '339ohji', '--environment-id', '54j1r29', '--deployment-number', '99');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('An error occurred (ResourceNotFoundException) when calling the GetDeployment operation');

    const invalid = await aws('list-applications', '--max-results', '100');
    expect(invalid.stderr).toContain(
      "(BadRequestException) when calling the ListApplications operation: 1 validation error detected: Value '100' at 'maxResults'",
    );

    const revertTooLate = await aws(
      'stop-deployment',
      '--application-id',
      '339ohji',
      '--environment-id',
      '54j1r29',
      '--deployment-number',
      '1',
      '--allow-revert',
    );
    expect(revertTooLate.stderr).toContain('72 hours');
  });
});

/**
 * The CLI's waiters poll every 30 seconds. Rather than wait that long, the CLI reads a copy of its own
 * botocore waiter definitions (AWS_DATA_PATH) with only the delay cut to 1 second: the acceptors
 * stay botocore's. Each test lets a waiter see the deployment still moving, then moves the emulator's
 * manual clock so that its next poll sees the outcome; the waiter must actually wait, then end as it
 * does against AWS.
 */
const botocoreData = (() => {
  const found = spawnSync('python3.11', ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))']);
  return found.status === 0 ? found.stdout.toString().trim() : undefined;
})();
if (cliAvailable && !botocoreData) console.warn("Skipping the AWS CLI waiter tests: python3.11's botocore (the CLI's waiter definitions) was not found.");

describe.skipIf(!cliAvailable || !botocoreData)("the AWS CLI's appconfig waiters", { timeout: 60_000 }, () => {
  let dataPath: string;
  beforeAll(() => {
    const definitions = JSON.parse(readFileSync(join(botocoreData!, 'appconfig', '2019-10-09', 'waiters-2.json'), 'utf8')) as {
      waiters: Record<string, { delay: number }>;
    };
    for (const waiter of Object.values(definitions.waiters)) waiter.delay = 1;
    dataPath = mkdtempSync(join(tmpdir(), 'aws-data-'));
    mkdirSync(join(dataPath, 'appconfig', '2019-10-09'), { recursive: true });
    writeFileSync(join(dataPath, 'appconfig', '2019-10-09', 'waiters-2.json'), JSON.stringify(definitions));
    extraEnvironment = { AWS_DATA_PATH: dataPath };
  });
  afterAll(() => {
    extraEnvironment = {};
    rmSync(dataPath, { recursive: true });
  });
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.close());

  const target = ['--application-id', '339ohji', '--environment-id', '54j1r29'];
  const startDeployment = () =>
    aws('start-deployment', ...target, '--deployment-strategy-id', '1225qzk', '--configuration-profile-id', 'ur8hx2f', '--configuration-version', '2');

  /** Starts both waiters and resolves once each has polled at least once (and so is waiting). */
  async function startWaiters() {
    emulator.resetCounters();
    const deployment = aws('wait', 'deployment-complete', ...target, '--deployment-number', '2');
    const environment = aws('wait', 'environment-ready-for-deployment', ...target);
    await eventually(() => emulator.callsTo('GetDeployment') >= 1 && emulator.callsTo('GetEnvironment') >= 1, 20_000, 'both waiters to poll');
    return { deployment, environment };
  }

  it('deployment-complete and environment-ready-for-deployment succeed once the deployment completes', async () => {
    expect((await startDeployment()).json).toMatchObject({ DeploymentNumber: 2, State: 'DEPLOYING' });
    const waiters = await startWaiters();
    emulator.clock.advanceMinutes(15);
    const [deployment, environment] = await Promise.all([waiters.deployment, waiters.environment]);
    expect([deployment.code, deployment.stderr]).toEqual([0, '']);
    expect([environment.code, environment.stderr]).toEqual([0, '']);
    expect(emulator.callsTo('GetDeployment')).toBeGreaterThanOrEqual(2);
    expect(emulator.callsTo('GetEnvironment')).toBeGreaterThanOrEqual(2);
  });

  it('both end in failure when the deployment is rolled back', async () => {
    await startDeployment();
    const waiters = await startWaiters();
    emulator.clock.advanceMinutes(4);
    expect((await aws('stop-deployment', ...target, '--deployment-number', '2')).json).toMatchObject({ State: 'ROLLING_BACK' });
    emulator.clock.advanceMinutes(1);
    const [deployment, environment] = await Promise.all([waiters.deployment, waiters.environment]);
    expect(deployment.code).not.toBe(0);
    expect(deployment.stderr).toContain('Waiter DeploymentComplete failed: Waiter encountered a terminal failure state');
    expect(environment.code).not.toBe(0);
    expect(environment.stderr).toContain('Waiter EnvironmentReadyForDeployment failed: Waiter encountered a terminal failure state');
  });
});
