import type { InvalidConfigurationDetail, Validator } from '@aws-sdk/client-appconfig';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { EmulatorError } from './errors.js';
import { FEATURE_FLAGS_SCHEMA, flagValuesSchema } from './feature-flags-format.js';
import { isRecord } from './model.js';

export type ConfigurationProblem = InvalidConfigurationDetail;

/** How AppConfig checks configuration content: a profile type's own format and the profile's validators. */
export interface ContentValidation {
  /** Problems with `content` under its profile type's format (`AWS.AppConfig.FeatureFlags` has one). */
  typeProblems(profileType: string | undefined, content: Buffer): ConfigurationProblem[];
  /** Problems with `content` under the profile's JSON Schema validators; Lambda validators cannot run here. */
  validatorProblems(validators: readonly Validator[] | undefined, content: Buffer): ConfigurationProblem[];
  /** Why a validator cannot be saved (a JSON Schema validator must hold a schema that compiles), or undefined. */
  validatorDefect(validator: Validator): string | undefined;
}

/** Validators honour the JSON Schema draft their `$schema` names (AppConfig's own examples use draft-04); draft-07 otherwise. */
export function createContentValidation(): ContentValidation {
  const options = { allErrors: true, verbose: true, strict: false } as const;
  const draft04 = new AjvDraft04.default(options);
  const draft07 = new Ajv(options);
  const draft2019 = new Ajv2019(options);
  const draft2020 = new Ajv2020(options);
  for (const ajv of [draft04, draft07, draft2019, draft2020]) addFormats.default(ajv);
  const compiled = new Map<string, ValidateFunction>();

  const compile = (schema: SchemaObject, key = JSON.stringify(schema)): ValidateFunction => {
    let validate = compiled.get(key);
    if (!validate) {
      const draft = String(schema['$schema'] ?? '');
      const ajv = draft.includes('draft-04') ? draft04 : draft.includes('2019-09') ? draft2019 : draft.includes('2020-12') ? draft2020 : draft07;
      compiled.set(key, (validate = ajv.compile(schema)));
    }
    return validate;
  };
  const featureFlags = compile(FEATURE_FLAGS_SCHEMA);

  const schemaOf = (validator: Validator): SchemaObject => {
    const schema: unknown = JSON.parse(validator.Content ?? '');
    if (!isRecord(schema)) throw new Error('a JSON Schema must be a JSON object');
    return schema;
  };

  return {
    typeProblems(profileType, content) {
      if (profileType !== 'AWS.AppConfig.FeatureFlags') return [];
      const type = 'AWS.AppConfig.FeatureFlags';
      const parsed = parse(content, type);
      if (!parsed.ok) return [parsed.problem];
      if (!featureFlags(parsed.value)) return problemsOf(featureFlags.errors, type);
      const values = compile(flagValuesSchema(parsed.value as Parameters<typeof flagValuesSchema>[0]));
      return values(parsed.value) ? [] : problemsOf(values.errors, type);
    },
    validatorProblems(validators, content) {
      const schemas = (validators ?? []).filter((validator) => validator.Type === 'JSON_SCHEMA');
      if (schemas.length === 0) return [];
      const parsed = parse(content, 'JSON_SCHEMA');
      if (!parsed.ok) return [parsed.problem];
      return schemas.flatMap((validator) => {
        const validate = compile(schemaOf(validator), validator.Content);
        return validate(parsed.value) ? [] : problemsOf(validate.errors, 'JSON_SCHEMA');
      });
    },
    validatorDefect(validator) {
      if (validator.Type !== 'JSON_SCHEMA') return undefined;
      try {
        compile(schemaOf(validator), validator.Content);
        return undefined;
      } catch (error) {
        return `The JSON Schema validator is not a valid JSON Schema: ${(error as Error).message}`;
      }
    },
  };
}

/** The BadRequestException AppConfig answers for content its validators refuse (the model's InvalidConfiguration details). */
export function invalidConfiguration(problems: readonly ConfigurationProblem[]): EmulatorError {
  const first = problems[0];
  const summary = first ? `${first.Location}: ${first.Reason}` : 'invalid';
  return new EmulatorError(
    'BadRequestException',
    `The configuration is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}; first ${summary}).`,
    {
      Reason: 'InvalidConfiguration',
      Details: { InvalidConfiguration: problems },
    },
  );
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: ConfigurationProblem };

function parse(content: Buffer, type: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(content.toString('utf8')) };
  } catch (error) {
    return { ok: false, problem: { Type: type, Constraint: 'JSON', Location: '/', Reason: `The content is not valid JSON: ${(error as Error).message}` } };
  }
}

const VALUE_LIMIT = 256;

/** AppConfig's detail per violation: which schema keyword failed, where in the content, why, and the value found there. */
function problemsOf(errors: ErrorObject[] | null | undefined, type: string): ConfigurationProblem[] {
  return (errors ?? []).map((error) => ({
    Type: type,
    Constraint: `${error.keyword} (${error.schemaPath})`,
    Location: error.instancePath === '' ? '/' : error.instancePath,
    Reason: `${error.instancePath === '' ? 'The configuration' : error.instancePath} ${error.message ?? 'is not valid'}`,
    ...(error.data === undefined ? {} : { Value: JSON.stringify(error.data).slice(0, VALUE_LIMIT) }),
  }));
}
