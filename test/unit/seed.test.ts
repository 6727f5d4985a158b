import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentView } from '../../src/emulator/deployments.js';
import { createContentValidation } from '../../src/emulator/content-validation.js';
import { loadServiceModel } from '../../src/emulator/model.js';
import { readSeedFile, SAMPLE_SEED_FILE, SeedError, type SeedFile, seedState } from '../../src/emulator/seed.js';
import { documentedExample } from '../fixtures/deployments.js';

const model = loadServiceModel();
const validation = createContentValidation();
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function problemsOf(seed: SeedFile): readonly string[] {
  try {
    seedState(model, validation, seed, NOW);
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  return [];
}

describe('the built-in sample data', () => {
  const state = seedState(model, validation, readSeedFile(SAMPLE_SEED_FILE), NOW);
  const views = [...state.deployments.values()].flat().map((record) => deploymentView(record, NOW));

  it('has deployments in every state', () => {
    expect(new Set(views.map((view) => view.State))).toEqual(new Set(['BAKING', 'VALIDATING', 'DEPLOYING', 'COMPLETE', 'ROLLING_BACK', 'ROLLED_BACK', 'REVERTED']));
  });

  it('has action invocations, a failed one among them, extensions with parameters, KMS keys and version labels', () => {
    const invocations = views.flatMap((view) => view.EventLog ?? []).flatMap((event) => event.ActionInvocations ?? []);
    expect(invocations.length).toBeGreaterThan(1);
    expect(invocations.some((invocation) => invocation.ErrorCode && invocation.ErrorMessage)).toBe(true);
    expect(views.some((view) => view.AppliedExtensions?.some((extension) => Object.keys(extension.Parameters ?? {}).length > 0))).toBe(true);
    expect(views.some((view) => view.KmsKeyArn && view.KmsKeyIdentifier)).toBe(true);
    expect(views.some((view) => view.VersionLabel)).toBe(true);
  });

  it("includes AWS's documented example", () => {
    const example = deploymentView(state.deployment('339ohji', '54j1r29', 1), NOW);
    expect(example.EventLog?.map((event) => event.OccurredAt)).toEqual(
      (documentedExample['EventLog'] as Array<{ OccurredAt: string }>).map((event) => new Date(event.OccurredAt).toISOString()),
    );
  });
});

describe('seed validation', () => {
  it('names every bad entry, and what is wrong with it, in one error', () => {
    const problems = problemsOf({
      Applications: [{ Id: 'app1234', Name: 'ok' }, { Name: 'no id' }],
      Environments: [{ ApplicationId: 'missing', Id: 'env1234', Name: 'orphan' }],
      Deployments: [
        { ApplicationId: 'app1234', EnvironmentId: 'nope', DeploymentNumber: 1, State: 'PAUSED' },
        { ApplicationId: 'app1234', EnvironmentId: 'nope', DeploymentStrategyId: 'AppConfig.AllAtOnce', ConfigurationProfileId: 'prof123', ConfigurationVersion: '1' },
      ],
    });
    expect(problems).toEqual([
      'Applications[1]: Id is required',
      'Environments[0] (env1234): Application missing not found',
      "Deployments[0]: Value 'PAUSED' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED]",
      'Deployments[1]: a deployment without State needs StartedMinutesAgo (a number ≥ 0) to be simulated',
    ]);
  });

  it('rejects an unreadable file, invalid JSON and unknown sections with the file named', () => {
    expect(() => readSeedFile('/nonexistent/seed.json')).toThrow(/Invalid emulator seed \/nonexistent\/seed.json:\n {2}- cannot be read/);
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    writeFileSync(join(dir, 'broken.json'), '{');
    writeFileSync(join(dir, 'unknown.json'), '{"Apps":[]}');
    expect(() => readSeedFile(join(dir, 'broken.json'))).toThrow(/broken.json:\n {2}- is not valid JSON/);
    expect(() => readSeedFile(join(dir, 'unknown.json'))).toThrow(/unknown sections Apps/);
    rmSync(dir, { recursive: true });
  });
});
