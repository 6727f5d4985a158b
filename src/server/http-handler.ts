import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import cors, { type CorsOptions } from 'cors';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { type Authenticator, type Caller, privateCacheControl } from './auth.js';
import type { DashboardHandler } from './dashboard.js';
import type { HttpRoute, HttpTelemetry, ObservedRequest, RequestObserver } from './observers.js';
import { type BodyReader, createBodyReader } from './request-body.js';
import { sseRequestProblem, type StreamRequestProblem, type SubscriptionTransports } from './subscriptions.js';

/** What the context factory learns about the HTTP request it builds a context for. */
export interface RequestInfo {
  /** Aborts when the client goes away before its answer is written. */
  readonly signal: AbortSignal;
  /** Who authentication let in; absent when there is no authentication. */
  readonly caller?: Caller;
  /** Told what the request's GraphQL work does; absent without telemetry. */
  readonly observer?: RequestObserver;
}

export interface HttpHandlerOptions<TContext extends object> {
  readonly apollo: ApolloServer<TContext>;
  readonly context: (request: RequestInfo) => Promise<TContext>;
  readonly cors: CorsOptions;
  readonly logger: Logger;
  /** Paths answered before the dashboard: the probes, the metrics. */
  readonly routes?: readonly HttpRoute[];
  /** Lets GraphQL requests in, or answers why not (401, 403); everyone is let in without it. */
  readonly authenticator?: Authenticator;
  /** Follows every request: its id, its trace, its metrics and access line. */
  readonly telemetry?: HttpTelemetry;
  /** Largest request body accepted, after decompression; GraphQL documents are small, so this stays modest. */
  readonly maxBodyBytes?: number;
  /** True once the server is shutting down: answers then tell clients not to reuse the connection. */
  readonly draining?: () => boolean;
  /** Serves the dashboard's paths; absent when it is turned off. */
  readonly dashboard?: DashboardHandler;
  /** Serves requests for event streams (graphql-sse) on the GraphQL path. */
  readonly streams?: Pick<SubscriptionTransports, 'isSse' | 'serveSse'>;
}

export const GRAPHQL_PATH = '/graphql';

/** An event stream asked for while the gateway drains would be cut at once: its client subscribes again, elsewhere. */
const SHUTTING_DOWN: StreamRequestProblem = { status: 503, message: 'The gateway is shutting down; subscribe again (to another replica).' };

/**
 * A plain node:http listener around Apollo's executeHTTPGraphQLRequest: it routes, applies CORS,
 * reads the body and writes the answer, and leaves GraphQL over HTTP (methods, media types, CSRF
 * prevention, status codes) to Apollo. It keeps startStandaloneServer's speed, with no framework.
 */
export function createHttpHandler<TContext extends object>(options: HttpHandlerOptions<TContext>): RequestListener {
  const applyCors = cors(options.cors);
  const readBody: BodyReader = createBodyReader(options.maxBodyBytes ?? 1024 * 1024);

  /** Once the server drains, every answer tells its client not to send another request on the connection. */
  const closeIfDraining = (res: ServerResponse) => {
    if (options.draining?.() && !res.headersSent) res.setHeader('Connection', 'close');
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown) => {
    closeIfDraining(res);
    writeJson(res, status, value);
  };

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, search: string, observed: ObservedRequest | undefined): Promise<void> {
    // Before the body is read: a caller not let in costs no more than its headers.
    const authentication = await options.authenticator?.authenticate(req.headers.authorization);
    if (authentication && 'problem' in authentication) {
      const { problem } = authentication;
      if (problem.challenge !== undefined) res.setHeader('WWW-Authenticate', problem.challenge);
      res.setHeader('Connection', 'close');
      return sendJson(res, problem.status, errorBody(problem.message, problem.code));
    }
    const caller = authentication?.caller;
    const read = await readBody(req, res);
    if (!('body' in read)) {
      if (read.clientGone) {
        options.logger.debug('client aborted its request while sending the body');
        res.destroy();
        return;
      }
      // The rest of a refused body is not read: the connection cannot carry another request.
      res.setHeader('Connection', 'close');
      return sendJson(res, read.status, errorBody(read.message, ErrorCode.BAD_REQUEST));
    }
    if (options.streams?.isSse(req)) {
      const problem = options.draining?.() ? SHUTTING_DOWN : sseRequestProblem(req.method, req.url, read.body);
      if (!problem) return options.streams.serveSse(req, res, caller, read.body);
      if (problem.status === 405) res.setHeader('Allow', 'GET, POST');
      // A refused request's body may be unread: the connection cannot carry another request.
      res.setHeader('Connection', 'close');
      return sendJson(res, problem.status, errorBody(problem.message, ErrorCode.BAD_REQUEST));
    }

    const clientGone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone.abort(new Error('the client closed the connection before its answer was written'));
    });
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers: toHeaderMap(req), search, body: read.body },
      context: () => options.context({ signal: clientGone.signal, ...(caller ? { caller } : {}), ...(observed ? { observer: observed.observer } : {}) }),
    });
    const cacheControl = response.headers.get('cache-control');
    if (caller?.authenticated && cacheControl !== undefined) response.headers.set('cache-control', privateCacheControl(cacheControl));
    closeIfDraining(res);
    await writeResponse(res, response);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, observed: ObservedRequest | undefined): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path === GRAPHQL_PATH) {
      const serve = () => handleGraphQL(req, res, queryStart === -1 ? '' : url.slice(queryStart), observed);
      return observed ? observed.graphql(serve) : serve();
    }
    if (options.routes?.some((route) => route(req, res, path))) return;
    if (options.dashboard?.(req, res, path)) return;
    return sendJson(res, 404, { errors: [{ message: `Not found; GraphQL is served at ${GRAPHQL_PATH}` }] });
  }

  return (req, res) => {
    const observed = options.telemetry?.requestStarted(req, res);
    applyCors(req, res, () => {
      handle(req, res, observed).catch((error: unknown) => {
        if (res.destroyed || req.destroyed) {
          options.logger.debug({ err: error }, 'client went away before its answer was written');
          return;
        }
        options.logger.error({ err: error }, 'unhandled error while serving an HTTP request');
        if (!res.headersSent) sendJson(res, 500, errorBody('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR));
        else res.destroy();
      });
    });
  };
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

function writeJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(value));
}
