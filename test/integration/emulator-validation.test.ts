import {
  BadRequestException,
  CreateConfigurationProfileCommand,
  CreateHostedConfigurationVersionCommand,
  StartDeploymentCommand,
  UpdateConfigurationProfileCommand,
  ValidateConfigurationCommand,
  type Validator,
} from '@aws-sdk/client-appconfig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const APPLICATION = 'chk2svc';

async function profileWith(options: { Type?: string; Validators?: Validator[] }): Promise<string> {
  const { Id } = await emulator.client.send(
    new CreateConfigurationProfileCommand({ ApplicationId: APPLICATION, Name: `profile-${Math.random()}`, LocationUri: 'hosted', ...options }),
  );
  return Id!;
}

const createVersion = (ConfigurationProfileId: string, content: unknown) =>
  emulator.client.send(
    new CreateHostedConfigurationVersionCommand({
      ApplicationId: APPLICATION,
      ConfigurationProfileId,
      Content: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
      ContentType: 'application/json',
    }),
  );

/** The BadRequestException AppConfig answers for invalid content: Reason InvalidConfiguration and a detail per violation. */
async function invalidConfiguration(promise: Promise<unknown>): Promise<Array<Record<string, string | undefined>>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  const typed = error as BadRequestException;
  expect(typed.Reason).toBe('InvalidConfiguration');
  expect(typed.$metadata.httpStatusCode).toBe(400);
  return (typed.Details?.InvalidConfiguration ?? []) as Array<Record<string, string | undefined>>;
}

const PRICE_SCHEMA = (draft: string) =>
  JSON.stringify({
    $schema: draft,
    type: 'object',
    properties: { price: { type: 'number', minimum: 0 }, currency: { enum: ['EUR', 'USD'] } },
    required: ['price'],
  });

describe('content validation', () => {
  it.each([
    ['draft-04 (as in AppConfig’s own examples)', 'http://json-schema.org/draft-04/schema#'],
    ['draft-07', 'http://json-schema.org/draft-07/schema#'],
    ['2020-12', 'https://json-schema.org/draft/2020-12/schema'],
  ])('runs a JSON Schema validator of %s at ValidateConfiguration and StartDeployment', async (_draft, uri) => {
    const profile = await profileWith({ Validators: [{ Type: 'JSON_SCHEMA', Content: PRICE_SCHEMA(uri) }] });
    await createVersion(profile, { price: 10, currency: 'EUR' });
    await createVersion(profile, { price: -1, currency: 'GBP' });
    const validate = (ConfigurationVersion: string) =>
      emulator.client.send(new ValidateConfigurationCommand({ ApplicationId: APPLICATION, ConfigurationProfileId: profile, ConfigurationVersion }));

    expect(await validate('1')).toMatchObject({ $metadata: { httpStatusCode: 204 } });
    const details = await invalidConfiguration(validate('2'));
    expect(details.map((detail) => [detail['Type'], detail['Location'], detail['Constraint']?.split(' ')[0], detail['Value']])).toEqual([
      ['JSON_SCHEMA', '/price', 'minimum', '-1'],
      ['JSON_SCHEMA', '/currency', 'enum', '"GBP"'],
    ]);
    expect(details[0]?.['Reason']).toBe('/price must be >= 0');

    const start = (ConfigurationVersion: string) =>
      emulator.client.send(
        new StartDeploymentCommand({
          ApplicationId: APPLICATION,
          EnvironmentId: 'stg4kq1',
          DeploymentStrategyId: 'AppConfig.AllAtOnce',
          ConfigurationProfileId: profile,
          ConfigurationVersion,
        }),
      );
    emulator.clock.advanceMinutes(60);
    expect(await invalidConfiguration(start('2'))).toHaveLength(2);
    expect(await start('1')).toMatchObject({ State: 'DEPLOYING' });
  });

  it('refuses content that is not JSON under a JSON Schema validator, and lets a Lambda validator pass (it cannot run here)', async () => {
    const profile = await profileWith({ Validators: [{ Type: 'JSON_SCHEMA', Content: PRICE_SCHEMA('http://json-schema.org/draft-07/schema#') }] });
    await createVersion(profile, 'price: 10');
    const details = await invalidConfiguration(
      emulator.client.send(new ValidateConfigurationCommand({ ApplicationId: APPLICATION, ConfigurationProfileId: profile, ConfigurationVersion: '1' })),
    );
    expect(details).toEqual([
      expect.objectContaining({ Constraint: 'JSON', Location: '/', Reason: expect.stringMatching(/^The content is not valid JSON/) as unknown }),
    ]);

    const lambda = await profileWith({ Validators: [{ Type: 'LAMBDA', Content: 'arn:aws:lambda:us-east-1:123456789012:function:check' }] });
    await createVersion(lambda, 'anything');
    await emulator.client.send(new ValidateConfigurationCommand({ ApplicationId: APPLICATION, ConfigurationProfileId: lambda, ConfigurationVersion: '1' }));
  });

  it('refuses a JSON Schema validator that is not a schema, when the profile is created or updated', async () => {
    const broken: Validator = { Type: 'JSON_SCHEMA', Content: '{"type":"nonsense"}' };
    await expect(profileWith({ Validators: [broken] })).rejects.toThrow(/The JSON Schema validator is not a valid JSON Schema/);
    await expect(
      emulator.client.send(
        new UpdateConfigurationProfileCommand({
          ApplicationId: APPLICATION,
          ConfigurationProfileId: 'lim5cfg',
          Validators: [{ Type: 'JSON_SCHEMA', Content: 'not json' }],
        }),
      ),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  describe('of the AWS.AppConfig.FeatureFlags type, when a version is created', () => {
    const flags = {
      version: '1',
      flags: {
        checkout: {
          name: 'New checkout',
          attributes: {
            limit: { constraints: { type: 'number', minimum: 1, maximum: 10, required: true } },
            variant: { constraints: { type: 'string', enum: ['a', 'b'] } },
          },
        },
        banner: { name: 'Banner' },
      },
      values: { checkout: { enabled: true, limit: 5, variant: 'a' }, banner: { enabled: false } },
    };

    it('accepts content in the format', async () => {
      const profile = await profileWith({ Type: 'AWS.AppConfig.FeatureFlags' });
      expect(await createVersion(profile, flags)).toMatchObject({ VersionNumber: 1 });
    });

    it.each([
      ['no version', { flags: {} }, [['', 'required']]],
      ['an unknown top-level member', { ...flags, extra: true }, [['', 'additionalProperties']]],
      ['a flag key off the pattern', { version: '1', flags: { 'Bad Key': { name: 'x' } } }, [['/flags', 'additionalProperties']]],
      ['a value without enabled', { ...flags, values: { ...flags.values, banner: {} } }, [['/values/banner', 'required']]],
      [
        'a value for a flag that is not defined',
        { ...flags, values: { ...flags.values, ghost: { enabled: true } } },
        [
          ['/values', 'enum'],
          ['/values', 'propertyNames'],
        ],
      ],
      [
        'an attribute out of its constraints',
        { ...flags, values: { ...flags.values, checkout: { enabled: true, limit: 11, variant: 'c' } } },
        [
          ['/values/checkout/limit', 'maximum'],
          ['/values/checkout/variant', 'enum'],
        ],
      ],
      [
        'a required attribute missing on an enabled flag',
        { ...flags, values: { ...flags.values, checkout: { enabled: true } } },
        [
          ['/values/checkout', 'required'],
          ['/values/checkout', 'if'],
        ],
      ],
    ])('refuses %s', async (_case, content, expected) => {
      const profile = await profileWith({ Type: 'AWS.AppConfig.FeatureFlags' });
      const details = await invalidConfiguration(createVersion(profile, content));
      expect(details.map((detail) => [detail['Location'] === '/' ? '' : detail['Location'], detail['Constraint']?.split(' ')[0]])).toEqual(expected);
      expect(details.every((detail) => detail['Type'] === 'AWS.AppConfig.FeatureFlags')).toBe(true);
    });

    it('lets a required attribute be absent while its flag is disabled', async () => {
      const profile = await profileWith({ Type: 'AWS.AppConfig.FeatureFlags' });
      expect(await createVersion(profile, { ...flags, values: { ...flags.values, checkout: { enabled: false } } })).toMatchObject({ VersionNumber: 1 });
    });
  });
});
