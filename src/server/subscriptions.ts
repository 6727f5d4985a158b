import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  getOperationAST,
  getVariableValues,
  type ExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import type { Response as SseResponse } from 'graphql-sse';
// The express adapter, not the http one: it takes the body body-parser has read (req.body), with the
// limits and encodings of every other request, where the http one reads the stream again, unbounded.
// It uses nothing of express but what node:http's request and response have.
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ContextFactory } from '../context.js';
import { ErrorCode, errorCode, gatewayError, quoted } from '../errors.js';
import type { Logger } from '../logger.js';
import type { LiveObserver } from '../telemetry/metrics.js';
import { type Authenticator, type Caller, credentialOfConnectionParams } from './auth.js';
import { type CostLimits, costProblem } from './cost-plugin.js';
import { estimateOperationCost } from './operation-cost.js';

export interface SubscriptionLimits {
  readonly maxTokens: number;
  /** What one operation (one event of a subscription) may cost, as for HTTP queries. */
  readonly cost: CostLimits;
  /** Operations one WebSocket connection may have running at once. */
  readonly perConnection: number;
  /** Subscriptions the process serves at once, over both transports. */
  readonly total: number;
}

export interface SubscriptionTransportOptions {
  readonly schema: GraphQLSchema;
  /** The same context HTTP queries get; a subscription gets a fresh one for each event it sends. */
  readonly context: ContextFactory;
  /** Beside graphql-js's own rules: the same as Apollo Server applies to HTTP queries, introspection's refusal included when it is off. */
  readonly validationRules: readonly ValidationRule[];
  readonly limits: SubscriptionLimits;
  /** Whether a browser page of `origin` may open a WebSocket (the CORS policy; CSRF-safe upgrades). */
  readonly allowOrigin: (origin: string | undefined) => boolean;
  readonly formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  readonly logger: Logger;
  /** The path of queries, which subscriptions share. */
  readonly path: string;
  /** Lets a WebSocket in by its `connection_init` payload; everyone is let in without it. (SSE is authenticated by the HTTP handler.) */
  readonly authenticator?: Authenticator;
  /** Counts the subscriptions open, by transport. */
  readonly live?: LiveObserver;
}

/**
 * Whether a browser page opened this WebSocket on its own origin (the dashboard served here): browsers
 * send `Origin` on every handshake, same origin included, and a page cannot forge the `Host` its browser sends.
 */
function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || host === undefined) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

export interface SubscriptionTransports {
  /** Serves graphql-ws on the HTTP server's upgrades of `path`. */
  attach(server: Server): void;
  /** Whether an HTTP request is a graphql-sse one (a request for an event stream), to be served by `serveSse`. */
  isSse(req: IncomingMessage): boolean;
  /**
   * Serves an event stream to `caller`, whom the HTTP handler let in (undefined without authentication),
   * for the operation in `body` (a POST's, which the HTTP handler has read) or in the URL (a GET); the
   * HTTP handler has refused what `sseRequestProblem` finds wrong.
   */
  serveSse(req: IncomingMessage, res: ServerResponse, caller: Caller | undefined, body: unknown): Promise<void>;
  /**
   * Closes every WebSocket (with "Going away") and cuts every event stream, so that their clients
   * reconnect elsewhere rather than take the end for the subscription's completion; stops accepting new ones.
   */
  close(): Promise<void>;
}

interface OperationPayload {
  readonly query?: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

type PreparedOperation = Omit<ExecutionArgs, 'contextValue'> & { readonly document: DocumentNode };

type Transport = 'websocket' | 'sse';

/** How long a WebSocket's closing handshake may take when the gateway shuts down. */
const CLOSE_HANDSHAKE_MS = 1000;

const CLOSE_FOR_STATUS = { 401: [4401, 'Unauthorized'], 403: [4403, 'Forbidden'], 503: [1013, 'Try again later'] } as const;

/** What a transport knows of an operation until its GraphQL context is made: who asks, over what, and when they leave. */
// A type, not an interface: graphql-sse wants its context to be a record.
type TransportContext = { readonly signal: AbortSignal; readonly caller: Caller | undefined; readonly transport: Transport };

/**
 * GraphQL over WebSocket (`graphql-ws`, the protocol Apollo Router and Hive Gateway use to reach
 * subgraph subscriptions) and Server-Sent Events (`graphql-sse`, for browsers and `curl`), on the
 * path of queries, with their limits: the same parse limit, validation rules and call estimate.
 */
export function createSubscriptionTransports(options: SubscriptionTransportOptions): SubscriptionTransports {
  const { schema, limits } = options;
  const rules = [...specifiedRules, ...options.validationRules];
  let running = 0;

  /**
   * Parses, validates, resolves and estimates an operation, and coerces its variables, as Apollo Server
   * does for HTTP queries; answers what goes wrong instead, with the codes HTTP queries get.
   */
  function prepare(payload: OperationPayload): PreparedOperation | readonly GraphQLError[] {
    if (typeof payload.query !== 'string') return [gatewayError(ErrorCode.BAD_REQUEST, 'The operation has no query.')];
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: limits.maxTokens });
    } catch (error) {
      if (error instanceof GraphQLError) return [withExtensionCode(error, ErrorCode.GRAPHQL_PARSE_FAILED)];
      return [gatewayError(ErrorCode.GRAPHQL_PARSE_FAILED, 'The query could not be parsed.')];
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0) return invalid.map((error) => withExtensionCode(error, ErrorCode.GRAPHQL_VALIDATION_FAILED));
    const operationName = payload.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message =
        operationName === undefined
          ? 'The document has several operations: name the one to run in operationName.'
          : `The document has no operation named ${quoted(operationName)}.`;
      return [gatewayError(ErrorCode.OPERATION_RESOLUTION_FAILURE, message)];
    }
    const variableValues = payload.variables ?? undefined;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
    if (coerced.errors) return coerced.errors.map((error) => withExtensionCode(error, ErrorCode.BAD_USER_INPUT));
    const tooExpensive = costProblem(estimateOperationCost(schema, document, operationName, variableValues), limits.cost);
    if (tooExpensive) return [tooExpensive];
    if (operation.operation === OperationTypeNode.SUBSCRIPTION && running >= limits.total) {
      return [
        gatewayError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `This gateway serves ${limits.total} subscriptions at once (SUBSCRIPTIONS_MAX); try again later.`, {
          extensions: { maxSubscriptions: limits.total },
        }),
      ];
    }
    return { schema, document, ...(variableValues ? { variableValues } : {}), ...(operationName ? { operationName } : {}) };
  }

  /**
   * Runs a prepared operation. A subscription's source stream is opened with one context; each event
   * is then answered with a context of its own, so that its loaders, call budget and cache reads are
   * those of that moment (graphql-js would reuse one context for the subscription's whole life).
   */
  async function run(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const { signal, caller, transport } = args.contextValue as TransportContext;
    const prepared = args as PreparedOperation;
    const contextFor = () => options.context({ signal, ...(caller ? { caller } : {}) });
    args = { ...prepared, contextValue: await contextFor() };
    if (getOperationAST(prepared.document, prepared.operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) return execute(args);
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    running += 1;
    const ended = options.live?.subscriptionStarted(transport);
    return eventsOf(
      source[Symbol.asyncIterator](),
      async (payload) => execute({ ...prepared, rootValue: payload, contextValue: await contextFor() }),
      () => {
        running -= 1;
        ended?.();
      },
    );
  }

  /** Formats each result as Apollo formats HTTP errors (codes, production masking). */
  const formatted = (result: ExecutionResult) =>
    result.errors ? { ...result, errors: result.errors.map((error) => options.formatError(withCode(error))) } : result;

  const wss = new WebSocketServer({ noServer: true });
  const socketsGone = new WeakMap<object, AbortController>();
  const goneOf = (socket: object): AbortSignal => {
    let gone = socketsGone.get(socket);
    if (!gone) socketsGone.set(socket, (gone = new AbortController()));
    return gone.signal;
  };
  wss.on('connection', (socket) => {
    socket.once('close', () => {
      socketsGone.get(socket)?.abort(new Error('the WebSocket closed'));
    });
  });
  const perConnection = new WeakMap<object, number>();
  const callers = new WeakMap<object, Caller>();
  useServer(
    {
      schema,
      // graphql-ws's close codes 4401 (no usable token) and 4403 (a scope missing); 1013 "try again
      // later" when the issuer's keys could not be fetched.
      onConnect: async (ctx) => {
        if (!options.authenticator) return true;
        const authentication = await options.authenticator.authenticate(credentialOfSocket(ctx.connectionParams, ctx.extra.request));
        if ('caller' in authentication) {
          callers.set(ctx.extra.socket, authentication.caller);
          return true;
        }
        const { problem } = authentication;
        options.logger.debug({ code: problem.code }, 'refused a WebSocket: %s', problem.message);
        const [code, reason] = CLOSE_FOR_STATUS[problem.status];
        ctx.extra.socket.close(code, reason);
        return false;
      },
      onSubscribe: (ctx, _id, payload) => {
        const open = perConnection.get(ctx.extra.socket) ?? 0;
        if (open >= limits.perConnection) {
          return [
            gatewayError(
              ErrorCode.TOO_MANY_SUBSCRIPTIONS,
              `A connection may have ${limits.perConnection} operations at once (SUBSCRIPTIONS_MAX_PER_CONNECTION).`,
              { extensions: { maxPerConnection: limits.perConnection } },
            ),
          ];
        }
        const prepared = prepare(payload);
        if (isErrors(prepared)) return prepared;
        perConnection.set(ctx.extra.socket, open + 1);
        return {
          ...prepared,
          contextValue: { signal: goneOf(ctx.extra.socket), caller: callers.get(ctx.extra.socket), transport: 'websocket' } satisfies TransportContext,
        };
      },
      execute: run,
      subscribe: run,
      onNext: (_ctx, _id, _payload, _args, result) => formatted(result),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => options.formatError(withCode(error))),
      onComplete: (ctx) => {
        perConnection.set(ctx.extra.socket, Math.max(0, (perConnection.get(ctx.extra.socket) ?? 1) - 1));
      },
    },
    wss,
  );

  /** An operation that cannot start, answered before any event as graphql-sse answers its own refusals: JSON errors, 400 (503 when full). */
  const refusal = (errors: readonly GraphQLError[]): SseResponse => {
    const full = errors.some((error) => errorCode(error) === ErrorCode.TOO_MANY_SUBSCRIPTIONS);
    return [
      JSON.stringify({ errors: errors.map((error) => options.formatError(withCode(error))) }),
      { status: full ? 503 : 400, statusText: full ? 'Service Unavailable' : 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } },
    ];
  };

  /** Who asks for each event stream, and a signal of its end (the response's, not its connection's: a kept-alive connection carries many). */
  const sseRequests = new WeakMap<IncomingMessage, { readonly caller: Caller | undefined; readonly gone: AbortSignal }>();
  const streaming = new Set<ServerResponse>();
  const sse = createSseHandler<TransportContext>({
    schema,
    // Distinct connections only: an event stream per operation needs no state shared between replicas.
    authenticate: () => null,
    onSubscribe: (req, params) => {
      const prepared = prepare(params);
      if (isErrors(prepared)) return refusal(prepared);
      // The express adapter types it as express's request; it is the node:http one served here.
      const raw: unknown = req.raw;
      const stream = sseRequests.get(raw as IncomingMessage);
      if (!stream) throw new Error('an event stream that serveSse did not start');
      return { ...prepared, contextValue: { signal: stream.gone, caller: stream.caller, transport: 'sse' } satisfies TransportContext };
    },
    // prepare() has validated the operation, with the gateway's rules beside graphql-js's.
    validate: () => [],
    execute: run,
    subscribe: run,
    onNext: (_ctx, _req, result) => formatted(result as ExecutionResult) as typeof result,
  });

  return {
    attach(server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path !== options.path) return void socket.destroy();
        if (!isSameOrigin(req.headers.origin, req.headers.host) && !options.allowOrigin(req.headers.origin)) {
          options.logger.debug({ origin: req.headers.origin }, 'refused a WebSocket from an origin the CORS policy does not allow');
          socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
    },
    // graphql-sse serves exactly this Accept; anything else is a query for Apollo Server.
    isSse: (req) => req.headers.accept?.trim().toLowerCase() === 'text/event-stream',
    serveSse: (req, res, caller, body) => {
      const gone = new AbortController();
      sseRequests.set(req, { caller, gone: gone.signal });
      streaming.add(res);
      res.once('close', () => {
        streaming.delete(res);
        gone.abort(new Error('the event stream closed'));
      });
      // The body is read and checked already; graphql-sse checks the media type again, as it would before reading one.
      if (body !== undefined) req.headers['content-type'] = 'application/json';
      return sse(Object.assign(req, { body }), res);
    },
    close: () =>
      new Promise((resolve) => {
        // An event stream has no "going away": ended cleanly, it would read as the subscription's end.
        for (const res of streaming) res.destroy();
        for (const client of wss.clients) client.close(1001, 'Going away');
        // A peer that does not answer the closing handshake is cut, rather than awaited for ws's 30 s.
        setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, CLOSE_HANDSHAKE_MS).unref();
        wss.close(() => resolve());
      }),
  };
}

/**
 * A WebSocket's credential, wherever its client puts it: `Authorization` in the `connection_init`
 * payload (the `connectionParams` of Apollo Client, graphql-ws and Hive Gateway); else the `token`
 * Apollo Router puts there (`{ connectionParams: { token } }`) when it propagates the client's
 * `Authorization` header; else that header on the upgrade request, where Apollo Router also sends it.
 * A browser cannot set that header on a WebSocket, so it is no credential a page could borrow.
 */
function credentialOfSocket(params: Readonly<Record<string, unknown>> | undefined, upgrade: IncomingMessage): string | undefined {
  const forwarded = params?.['connectionParams'];
  const token = typeof forwarded === 'object' && forwarded !== null ? (forwarded as Record<string, unknown>)['token'] : undefined;
  return credentialOfConnectionParams(params) ?? (typeof token === 'string' ? token : undefined) ?? upgrade.headers.authorization;
}

export interface StreamRequestProblem {
  readonly status: number;
  readonly message: string;
}

/**
 * What is wrong with an event stream's request, in the terms of graphql-sse's distinct connections:
 * a GET with the operation in its URL, or a POST of a JSON object; undefined when it can be served.
 */
export function sseRequestProblem(method: string | undefined, url: string | undefined, body: unknown): StreamRequestProblem | undefined {
  let operation: Readonly<Record<string, unknown>>;
  if (method === 'GET') {
    const search = new URLSearchParams((url ?? '').split('?')[1] ?? '');
    const parsed: Record<string, unknown> = { query: search.get('query') ?? undefined, operationName: search.get('operationName') ?? undefined };
    for (const member of ['variables', 'extensions']) {
      const text = search.get(member);
      if (text === null) continue;
      try {
        parsed[member] = JSON.parse(text) as unknown;
      } catch {
        return { status: 400, message: `The URL's ${member} is not JSON.` };
      }
    }
    operation = parsed;
  } else if (method === 'POST') {
    if (body === undefined) return { status: 415, message: 'An event stream is asked for with a GET, or a POST of application/json.' };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, message: 'Request body is not a JSON object.' };
    operation = body as Readonly<Record<string, unknown>>;
  } else {
    return { status: 405, message: 'An event stream is asked for with a GET or a POST.' };
  }
  if (typeof operation['query'] !== 'string') return { status: 400, message: 'The operation has no query string.' };
  for (const member of ['variables', 'extensions']) {
    const value = operation[member];
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value)))
      return { status: 400, message: `The operation's ${member} are not a JSON object.` };
  }
  const name = operation['operationName'];
  if (name !== undefined && name !== null && typeof name !== 'string') return { status: 400, message: "The operation's operationName is not a string." };
  return undefined;
}

/** `error` with `code` as its public code, keeping where in the document it points. */
function withExtensionCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * As Apollo Server formats errors: an error without a public code is a bug, its message masked in
 * production; `extensions.http` only sets Apollo's HTTP status, and is no part of the answer.
 */
function withCode(error: GraphQLError): GraphQLFormattedError {
  const json = error.toJSON();
  const extensions = Object.fromEntries(Object.entries(json.extensions ?? {}).filter(([name]) => name !== 'http'));
  return { ...json, extensions: { ...extensions, code: extensions['code'] ?? ErrorCode.INTERNAL_SERVER_ERROR } };
}

function isErrors(prepared: PreparedOperation | readonly GraphQLError[]): prepared is readonly GraphQLError[] {
  return Array.isArray(prepared);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * `source`'s events, each turned into a result by `answer`. A source that fails with a coded error
 * (NOT_FOUND: the deployment is gone) sends that error as its last result. `done` runs once, however
 * the stream ends; returning (or throwing into) the stream returns the source at once, even while it
 * waits for an event.
 */
function eventsOf(
  source: AsyncIterator<unknown>,
  answer: (payload: unknown) => Promise<ExecutionResult>,
  done: () => void,
): AsyncIterableIterator<ExecutionResult> {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
  };
  const end = async (): Promise<IteratorResult<ExecutionResult>> => {
    finish();
    await source.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      if (finished) return { done: true, value: undefined };
      try {
        const step = await source.next();
        if (step.done) {
          finish();
          return { done: true, value: undefined };
        }
        return { done: false, value: await answer(step.value) };
      } catch (error) {
        finish();
        if (error instanceof GraphQLError) return { done: false, value: { errors: [error] } };
        throw error;
      }
    },
    return: end,
    // graphql-sse ends the operation of a client that left only through an iterator it takes for an
    // async generator: one with `throw` too. Without it, the subscription and its watch would live on.
    throw: end,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
