import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import cors, { type CorsOptions } from 'cors';
import type { Logger } from '../logger.js';
import type { DashboardHandler } from './dashboard.js';

export interface HttpHandlerOptions<TContext extends object> {
  readonly apollo: ApolloServer<TContext>;
  readonly context: () => Promise<TContext>;
  readonly cors: CorsOptions;
  readonly logger: Logger;
  /** What `/health` reports beside `status`. */
  readonly health?: () => Record<string, unknown>;
  /** Largest request body accepted; GraphQL documents are small, so this stays modest. */
  readonly maxBodyBytes?: number;
  /** Serves the dashboard's paths; absent when it is turned off. */
  readonly dashboard?: DashboardHandler;
}

export const GRAPHQL_PATH = '/graphql';
const HEALTH_PATH = '/health';

/**
 * A plain node:http listener around Apollo's executeHTTPGraphQLRequest. It keeps
 * startStandaloneServer's speed (no framework per request) while letting CORS be configured.
 */
export function createHttpHandler<TContext extends object>(options: HttpHandlerOptions<TContext>): RequestListener {
  const applyCors = cors(options.cors);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);

    if (path === HEALTH_PATH) return sendJson(res, 200, { status: 'ok', ...options.health?.() });
    if (path !== GRAPHQL_PATH && options.dashboard?.(req, res, path)) return;
    if (path !== GRAPHQL_PATH) return sendJson(res, 404, { errors: [{ message: `Not found; GraphQL is served at ${GRAPHQL_PATH}` }] });

    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, errorBody(`Request body is larger than ${maxBodyBytes} bytes.`, 'BAD_REQUEST'));
    }
    const parsedBody = parseBody(req, body);
    if (parsedBody instanceof SyntaxError) return sendJson(res, 400, errorBody('Request body is not valid JSON.', 'BAD_REQUEST'));

    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers: toHeaderMap(req),
        search: queryStart === -1 ? '' : url.slice(queryStart),
        body: parsedBody,
      },
      context: options.context,
    });
    await writeResponse(res, response);
  }

  return (req, res) => {
    applyCors(req, res, () => {
      handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: error }, 'unhandled error while serving an HTTP request');
        if (!res.headersSent) sendJson(res, 500, errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
        else res.destroy();
      });
    });
  };
}

/** Resolves undefined once the body passes `limit` bytes, without buffering the rest. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON bodies are parsed here; anything else goes to Apollo as text, which answers 400 with why. */
function parseBody(req: IncomingMessage, body: string): unknown {
  const contentType = req.headers['content-type'] ?? '';
  if (body.length === 0) return undefined;
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    return error instanceof SyntaxError ? error : new SyntaxError(String(error));
  }
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

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(value));
}
