import { readFileSync } from 'node:fs';

/** The parts of a botocore service model the emulator reads. */
export interface ShapeMember {
  readonly shape: string;
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  readonly locationName?: string;
}

export interface Shape {
  readonly type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  readonly members?: Readonly<Record<string, ShapeMember>>;
  readonly required?: readonly string[];
  readonly payload?: string;
  readonly member?: ShapeMember;
  readonly key?: ShapeMember;
  readonly value?: ShapeMember;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly union?: boolean;
  readonly error?: { readonly httpStatusCode: number };
  readonly exception?: boolean;
}

export interface OperationModel {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: { readonly shape: string };
  readonly output?: { readonly shape: string };
  readonly errors?: ReadonlyArray<{ readonly shape: string }>;
}

export interface ServiceModel {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

const MODEL_FILE = new URL('./model/service-2.json', import.meta.url);

export function loadServiceModel(): ServiceModel {
  return JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ServiceModel;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`The AppConfig model has no shape ${name}`);
  return shape;
}

/**
 * Checks `value` against shape `shapeName`: types, required members, lengths, ranges, patterns and
 * enums, as AppConfig's validation does. Returns one message per problem, in AWS's wording, with
 * `path` naming where it is (`maxResults`, `monitors.1.alarmArn`).
 */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown, path: string): string[] {
  const shape = shapeOf(model, shapeName);
  const problem = (constraint: string) => [`Value ${describe(value)} at '${path}' failed to satisfy constraint: ${constraint}`];

  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return problem('Member must be a structure');
      const problems: string[] = [];
      for (const name of shape.required ?? []) {
        if (value[name] === undefined) problems.push(`Value null at '${memberPath(path, name)}' failed to satisfy constraint: Member must not be null`);
      }
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (value[name] !== undefined) problems.push(...validateShape(model, member.shape, value[name], memberPath(path, name)));
      }
      const unknown = Object.keys(value).filter((name) => !(shape.members ?? {})[name]);
      if (unknown.length > 0) problems.push(...problem(`Member has no field named ${unknown.join(', ')}`));
      return problems;
    }
    case 'list': {
      if (!Array.isArray(value)) return problem('Member must be a list');
      return [
        ...sizeProblems(shape, value.length, 'length', problem),
        ...value.flatMap((item, i) => validateShape(model, shape.member!.shape, item, `${path}.${i + 1}.member`)),
      ];
    }
    case 'map': {
      if (!isRecord(value)) return problem('Member must be a map');
      const entries = Object.entries(value);
      return [
        ...sizeProblems(shape, entries.length, 'length', problem),
        ...entries.flatMap(([key, item]) => [
          ...validateShape(model, shape.key!.shape, key, `${path}.key`),
          ...validateShape(model, shape.value!.shape, item, `${path}.${key}`),
        ]),
      ];
    }
    case 'string': {
      if (typeof value !== 'string') return problem('Member must be a string');
      if (shape.enum && !shape.enum.includes(value)) return problem(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern !== undefined && !compiledPattern(shape.pattern).test(value)) {
        return problem(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return sizeProblems(shape, [...value].length, 'length', problem);
    }
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) return problem('Member must be an integer');
      return sizeProblems(shape, value, 'value', problem);
    case 'float':
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) return problem('Member must be a number');
      return sizeProblems(shape, value, 'value', problem);
    case 'boolean':
      return typeof value === 'boolean' ? [] : problem('Member must be a boolean');
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(value)
        ? []
        : problem('Member must be an ISO-8601 date-time');
    case 'blob':
      return Buffer.isBuffer(value) || typeof value === 'string'
        ? sizeProblems(shape, Buffer.byteLength(value), 'length', problem)
        : problem('Member must be a blob');
  }
}

const patterns = new Map<string, RegExp>();

/** The model's patterns, compiled once each (Smithy patterns are ECMAScript regexes, unanchored). */
function compiledPattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) patterns.set(pattern, (compiled = new RegExp(pattern)));
  return compiled;
}

function sizeProblems(shape: Shape, size: number, noun: 'length' | 'value', problem: (constraint: string) => string[]): string[] {
  if (shape.min !== undefined && size < shape.min) return problem(`Member must have ${noun} greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) return problem(`Member must have ${noun} less than or equal to ${shape.max}`);
  return [];
}

/** AWS names members in camelCase in validation messages (`maxResults`, not `MaxResults`). */
function memberPath(path: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return path === '' ? name : `${path}.${name}`;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * The members of `value` that structure `shapeName` has: how a summary is cut from its resource
 * (a DeploymentSummary from a Deployment), so summaries follow the model rather than a hand-kept list.
 * The caller names the SDK type of the shape; the model and the SDK's types come from one source.
 */
export function projectOnto<Summary>(model: ServiceModel, shapeName: string, value: object): Summary {
  const members = shapeOf(model, shapeName).members ?? {};
  return Object.fromEntries(Object.entries(value).filter(([name, member]) => name in members && member !== undefined)) as Summary;
}
