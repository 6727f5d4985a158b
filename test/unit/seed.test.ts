import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arnOf } from '../../src/emulator/arn.js';
import { createContentValidation } from '../../src/emulator/content-validation.js';
import { deploymentView } from '../../src/emulator/deployments.js';
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
    expect(new Set(views.map((view) => view.State))).toEqual(
      new Set(['BAKING', 'VALIDATING', 'DEPLOYING', 'COMPLETE', 'ROLLING_BACK', 'ROLLED_BACK', 'REVERTED']),
    );
  });

  it('has action invocations, a failed one among them, extensions with parameters, KMS keys and version labels', () => {
    const invocations = views.flatMap((view) => view.EventLog ?? []).flatMap((event) => event.ActionInvocations ?? []);
    expect(invocations.length).toBeGreaterThan(1);
    expect(invocations.some((invocation) => invocation.ErrorCode && invocation.ErrorMessage)).toBe(true);
    expect(views.some((view) => view.AppliedExtensions?.some((extension) => Object.keys(extension.Parameters ?? {}).length > 0))).toBe(true);
    expect(views.some((view) => view.KmsKeyArn && view.KmsKeyIdentifier)).toBe(true);
    expect(views.some((view) => view.VersionLabel)).toBe(true);
  });

  it('has the extensions and associations its deployments applied, and tags on every application, environment and profile', () => {
    const applied = views.flatMap((view) => view.AppliedExtensions ?? []);
    expect(applied.length).toBeGreaterThan(0);
    for (const extension of applied) {
      expect(state.extension(extension.ExtensionId!, extension.VersionNumber).Name).toBe('deploy-notifier');
      expect(state.association(extension.ExtensionAssociationId!).Parameters).toEqual(extension.Parameters);
    }
    const resources = [
      ...state.applications.values().map((application) => arnOf({ kind: 'application', applicationId: application.Id })),
      ...state.environments
        .values()
        .map((environment) => arnOf({ kind: 'environment', applicationId: environment.ApplicationId, environmentId: environment.Id })),
      ...state.profiles.values().map((profile) => arnOf({ kind: 'configurationprofile', applicationId: profile.ApplicationId, profileId: profile.Id })),
    ];
    expect(resources).toHaveLength(12);
    for (const arn of resources) expect(Object.keys(state.tagsOf(arn)).length).toBeGreaterThan(0);
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
        {
          ApplicationId: 'app1234',
          EnvironmentId: 'nope',
          DeploymentStrategyId: 'AppConfig.AllAtOnce',
          ConfigurationProfileId: 'prof123',
          ConfigurationVersion: '1',
        },
      ],
    });
    expect(problems).toEqual([
      'Applications[1]: Id is required',
      'Environments[0] (env1234): Application missing not found',
      "Deployments[0]: Value 'PAUSED' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED]",
      'Deployments[1]: a deployment without State needs StartedMinutesAgo (a number ≥ 0) to be simulated',
    ]);
  });

  it('checks tags, extensions, associations and what deployments say they applied', () => {
    const longKey = 'k'.repeat(129);
    const problems = problemsOf({
      Applications: [
        { Id: 'app1234', Name: 'ok' },
        { Id: 'app5678', Name: 'tagged', Tags: { [longKey]: 'v' } },
      ],
      Environments: [{ ApplicationId: 'app1234', Id: 'env1234', Name: 'prod' }],
      Extensions: [{ Id: 'ext1234', Name: 'notifier', Actions: {} }],
      ExtensionAssociations: [
        {
          Id: 'ass1234',
          ExtensionArn: 'arn:aws:appconfig:us-east-1:123456789012:extension/ext9999/1',
          ResourceArn: 'arn:aws:appconfig:us-east-1:123456789012:application/app1234',
        },
      ],
      Deployments: [
        { ApplicationId: 'app1234', EnvironmentId: 'env1234', DeploymentNumber: 1, State: 'COMPLETE', AppliedExtensions: [{ ExtensionId: 'nope123' }] },
      ],
    });
    expect(problems).toEqual([
      `Applications[1] (app5678): Value '${longKey}' at 'tags.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
      "Extensions[0] (ext1234): Value '{}' at 'actions' failed to satisfy constraint: Member must have length greater than or equal to 1",
      'ExtensionAssociations[0] (ass1234): Extension arn:aws:appconfig:us-east-1:123456789012:extension/ext9999/1 version 1 not found',
      'Deployments[0]: Extension nope123 not found',
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
