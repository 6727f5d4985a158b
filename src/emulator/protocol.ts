import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { badRequest, type EmulatorError } from './errors.js';
import { isRecord, type OperationModel, type ServiceModel, shapeOf, validateShape } from './model.js';

/** AppConfig's REST-JSON protocol, driven by the service model: routing, request parsing, responses. */

type Segment = { readonly literal: string } | { readonly label: string };

export interface Route {
  readonly operation: OperationModel;
  readonly segments: readonly Segment[];
}

export interface RouteMatch {
  readonly operation: OperationModel;
  readonly labels: Readonly<Record<string, string>>;
}

export function compileRoutes(model: ServiceModel): Route[] {
  return Object.values(model.operations).map((operation) => ({
    operation,
    segments: operation.http.requestUri
      .split('?')[0]!
      .split('/')
      .slice(1)
      .map((part): Segment => (part.startsWith('{') ? { label: part.slice(1, -1).replace(/\+$/, '') } : { literal: part })),
  }));
}

/** Matches the raw path segment by segment before decoding, so an id holding "%2F" stays one id. */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch | undefined {
  const parts = rawPath.split('/').slice(1);
  for (const route of routes) {
    if (route.operation.http.method !== method || route.segments.length !== parts.length) continue;
    const labels: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const part = safeDecode(parts[i]!);
      if ('literal' in segment) return segment.literal === part;
      labels[segment.label] = part ?? '';
      return part !== undefined && part.length > 0;
    });
    if (matches) return { operation: route.operation, labels };
  }
  return undefined;
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export interface RawRequest {
  readonly labels: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Builds an operation's input from the request as its input shape binds it (URI labels, query
 * string, headers, payload, JSON body) and validates it against the model, answering the
 * BadRequestException AppConfig would.
 */
export function parseInput(model: ServiceModel, operation: OperationModel, request: RawRequest): Record<string, unknown> {
  if (!operation.input) return {};
  const shape = shapeOf(model, operation.input.shape);
  const input: Record<string, unknown> = {};
  let bodyMembers = false;

  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const type = shapeOf(model, member.shape).type;
    const wireName = member.locationName ?? name;
    let raw: string | undefined;
    if (member.location === 'querystring' && type === 'list') {
      const values = request.query.getAll(wireName);
      if (values.length > 0) input[name] = values;
      continue;
    }
    if (member.location === 'uri') raw = request.labels[wireName];
    else if (member.location === 'querystring') raw = request.query.get(wireName) ?? undefined;
    else if (member.location === 'header') raw = headerValue(request.headers, wireName);
    else if (shape.payload === name) {
      if (request.body.length > 0) input[name] = type === 'blob' ? request.body : parseJson(request.body);
      continue;
    } else {
      bodyMembers = true;
      continue;
    }
    if (raw !== undefined) input[name] = coerce(type, raw, wireName);
  }

  if (bodyMembers && request.body.length > 0) {
    const body = parseJson(request.body);
    if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
    Object.assign(input, body);
  }

  const problems = validateShape(model, operation.input.shape, input, '');
  if (problems.length > 0) {
    throw badRequest(`${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
  return input;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

function coerce(type: string, raw: string, wireName: string): unknown {
  switch (type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(raw)) throw badRequest(`Value '${raw}' at '${wireName}' failed to satisfy constraint: Member must be an integer`);
      return Number(raw);
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw badRequest(`Value '${raw}' at '${wireName}' failed to satisfy constraint: Member must be true or false`);
      return raw === 'true';
    default:
      return raw;
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** Writes an operation's output as its output shape binds it: headers, a raw payload, or JSON. */
export function writeOutput(res: ServerResponse, model: ServiceModel, operation: OperationModel, output: object): void {
  const status = operation.http.responseCode ?? 200;
  if (!operation.output) {
    send(res, status, {}, '');
    return;
  }
  const shape = shapeOf(model, operation.output.shape);
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  let payload: Buffer | undefined;
  const members: Readonly<Record<string, unknown>> = { ...output };
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const value = members[name];
    if (value === undefined) continue;
    // Header-bound and payload members of AppConfig's outputs are strings, numbers or blobs.
    if (member.location === 'header') headers[member.locationName ?? name] = `${value as string | number}`;
    else if (shape.payload === name) payload = Buffer.isBuffer(value) ? value : Buffer.from(String(value as string));
    else body[name] = value;
  }
  if (shape.payload !== undefined) {
    payload ??= Buffer.alloc(0);
    headers['Content-Type'] ??= 'application/octet-stream';
    send(res, status, headers, payload);
    return;
  }
  send(res, status, { ...headers, 'Content-Type': 'application/json' }, JSON.stringify(body));
}

/** Writes an error as AppConfig does: status from the model, `x-amzn-ErrorType`, Message and members. */
export function writeError(res: ServerResponse, model: ServiceModel, error: EmulatorError): void {
  const status = model.shapes[error.name]?.error?.httpStatusCode ?? STATUS_OF_UNMODELLED[error.name] ?? 500;
  send(res, status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': error.name }, JSON.stringify({ Message: error.message, ...error.members }));
}

/**
 * Errors the emulator raises that AppConfig's model does not declare: throttling (the service sends
 * ThrottlingException with 429, though the model has no such shape) and unavailability among them.
 */
const STATUS_OF_UNMODELLED: Readonly<Record<string, number>> = {
  UnknownOperationException: 404,
  NotImplementedException: 501,
  ThrottlingException: 429,
  ServiceUnavailableException: 503,
};

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { ...headers, 'x-amzn-RequestId': randomUUID() });
  res.end(body);
}
