import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const run = promisify(execFile);
const cliAvailable = spawnSync('aws', ['--version']).error === undefined;
if (!cliAvailable) console.warn('Skipping the AWS CLI tests: no `aws` command on PATH (it comes with Python 3.11 on the project machines).');

let emulator: TestEmulator;

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
  };
  try {
    const { stdout, stderr } = await run('aws', ['appconfig', ...args, '--endpoint-url', emulator.endpoint, '--output', 'json'], { env });
    return { code: 0, json: stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {}, stderr };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, json: {}, stderr: failure.stderr };
  }
}

describe.skipIf(!cliAvailable)('the emulator through the AWS CLI (botocore)', () => {
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
      'DEPLOYMENT_COMPLETED', 'BAKE_TIME_STARTED', 'PERCENTAGE_UPDATED', 'PERCENTAGE_UPDATED', 'PERCENTAGE_UPDATED', 'PERCENTAGE_UPDATED', 'DEPLOYMENT_STARTED',
    ]);
    expect(new Date(json['CompletedAt'] as string).toISOString()).toBe('2021-09-17T21:59:03.888Z');
  });

  it('lists, starts, watches and stops a deployment', async () => {
    const listed = await aws('list-applications');
    expect((listed.json['Items'] as Array<{ Id: string }>).map((item) => item.Id)).toContain('339ohji');

    const started = await aws(
      'start-deployment', '--application-id', '339ohji', '--environment-id', '54j1r29', '--deployment-strategy-id', '1225qzk',
      '--configuration-profile-id', 'ur8hx2f', '--configuration-version', '2', '--description', 'from the CLI',
    );
    expect(started.json).toMatchObject({ DeploymentNumber: 2, State: 'DEPLOYING', Description: 'from the CLI' });

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
    expect(invalid.stderr).toContain("(BadRequestException) when calling the ListApplications operation: 1 validation error detected: Value '100' at 'maxResults'");

    const revertTooLate = await aws('stop-deployment', '--application-id', '339ohji', '--environment-id', '54j1r29', '--deployment-number', '1', '--allow-revert');
    expect(revertTooLate.stderr).toContain('72 hours');
  });
});
