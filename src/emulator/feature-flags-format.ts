import type { SchemaObject } from 'ajv';

/**
 * The format of `AWS.AppConfig.FeatureFlags` configurations, after AWS's published type reference
 * ("Understanding the type reference for AWS.AppConfig.FeatureFlags", AppConfig User Guide): a
 * schema version, flag definitions with optional attribute definitions and constraints, and values.
 */
const KEY = '^[a-z][a-zA-Z\\d_-]{0,63}$';

const constraintsOf = (type: string, extra: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  properties: { type: { const: type }, required: { type: 'boolean' }, ...extra },
  required: ['type'],
  additionalProperties: false,
});

const numberConstraints = constraintsOf('number', { minimum: { type: 'integer' }, maximum: { type: 'integer' } });
const stringConstraints: SchemaObject = {
  ...constraintsOf('string', {
    pattern: { type: 'string', maxLength: 1024 },
    enum: { type: 'array', maxItems: 100, items: { oneOf: [{ type: 'string', maxLength: 1024 }, { type: 'integer' }] } },
  }),
  not: { required: ['pattern', 'enum'] },
};
const arrayConstraints = constraintsOf('array', { elements: { oneOf: [numberConstraints, stringConstraints] } });
const booleanConstraints = constraintsOf('boolean', {});

const attributeValue: SchemaObject = {
  oneOf: [
    { type: 'string', maxLength: 1024 },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', oneOf: [{ items: { type: 'string', maxLength: 1024 } }, { items: { type: 'number' } }] },
  ],
};

const timestamps = { _createdAt: { type: 'string' }, _updatedAt: { type: 'string' } };

export const FEATURE_FLAGS_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    version: { type: 'string', enum: ['1'] },
    flags: {
      type: 'object',
      maxProperties: 100,
      patternProperties: {
        [KEY]: {
          type: 'object',
          properties: {
            name: { type: 'string', pattern: '^[^\\n]{1,64}$' },
            description: { type: 'string', maxLength: 1024 },
            ...timestamps,
            _deprecation: {
              type: 'object',
              properties: { status: { type: 'string', enum: ['planned'] }, date: { type: 'string', format: 'date' } },
              additionalProperties: false,
            },
            attributes: {
              type: 'object',
              maxProperties: 25,
              patternProperties: {
                [KEY]: {
                  type: 'object',
                  properties: {
                    description: { type: 'string', maxLength: 1024 },
                    constraints: { oneOf: [numberConstraints, stringConstraints, arrayConstraints, booleanConstraints] },
                  },
                  additionalProperties: false,
                },
              },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    values: {
      type: 'object',
      maxProperties: 100,
      patternProperties: {
        [KEY]: {
          type: 'object',
          properties: { enabled: { type: 'boolean' }, ...timestamps },
          patternProperties: { [KEY]: attributeValue },
          required: ['enabled'],
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  required: ['version'],
  additionalProperties: false,
};

interface AttributeConstraints {
  readonly type: 'number' | 'string' | 'array' | 'boolean';
  readonly required?: boolean;
  readonly pattern?: string;
  readonly enum?: ReadonlyArray<string | number>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly elements?: AttributeConstraints;
}

interface FlagSet {
  readonly flags?: Readonly<Record<string, { readonly attributes?: Readonly<Record<string, { readonly constraints?: AttributeConstraints }>> }>>;
}

/**
 * A schema for the `values` of a flag set that conforms to FEATURE_FLAGS_SCHEMA: values only for
 * defined flags, each attribute value within the constraints its definition declares, and required
 * attributes present on enabled flags — AppConfig's second check of feature flag data.
 */
export function flagValuesSchema(flagSet: FlagSet): SchemaObject {
  const flags = Object.entries(flagSet.flags ?? {});
  return {
    type: 'object',
    properties: {
      values: {
        type: 'object',
        propertyNames: { enum: flags.map(([name]) => name) },
        properties: Object.fromEntries(
          flags.map(([name, flag]) => {
            const attributes = Object.entries(flag.attributes ?? {});
            const required = attributes.filter(([, attribute]) => attribute.constraints?.required).map(([attribute]) => attribute);
            return [
              name,
              {
                properties: Object.fromEntries(
                  attributes.flatMap(([attribute, definition]) => (definition.constraints ? [[attribute, constraintSchema(definition.constraints)]] : [])),
                ),
                ...(required.length > 0 ? { if: { properties: { enabled: { const: true } } }, then: { required } } : {}),
              },
            ];
          }),
        ),
      },
    },
  };
}

function constraintSchema(constraints: AttributeConstraints): SchemaObject {
  switch (constraints.type) {
    case 'string':
      return { type: 'string', ...pick(constraints, ['pattern', 'enum']) };
    case 'number':
      return { type: 'number', ...pick(constraints, ['minimum', 'maximum']) };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return { type: 'array', ...(constraints.elements ? { items: constraintSchema(constraints.elements) } : {}) };
  }
}

function pick(constraints: AttributeConstraints, names: ReadonlyArray<keyof AttributeConstraints>): SchemaObject {
  return Object.fromEntries(names.flatMap((name) => (constraints[name] === undefined ? [] : [[name, constraints[name]]])));
}
