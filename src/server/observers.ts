import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoaderObserver } from '../loaders/index.js';

/**
 * The hooks the HTTP handler offers, so that metrics, traces, access logs and probes live in modules
 * of their own and reach the request path only through what is passed in.
 */

/** A path the gateway answers besides GraphQL (probes, metrics, the dashboard): true when it answered. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/** How a GraphQL request ended, as metrics label it: a small fixed set. */
export type GraphQLOutcome =
  /** Answered with data and no error. */
  | 'success'
  /** Answered with data, some fields null with errors. */
  | 'partial'
  /** Ran, and answered errors only (or failed with a 5xx). */
  | 'failed'
  /** Refused before running: a malformed request, a document that does not parse or validate, one too expensive. */
  | 'rejected'
  /** Refused by authentication: no valid token (401), or a required scope missing (403). */
  | 'unauthorized';

/** What the GraphQL work of one request reports, besides its loaders' batches and cache lookups. */
export interface RequestObserver extends LoaderObserver {
  /** Apollo resolved the operation to run: its name (undefined when anonymous) and type. */
  operationResolved(name: string | undefined, type: string): void;
  /** The answer is ready: how it went, the codes of its errors, and the AppConfig calls it made. */
  answered(result: { readonly outcome: GraphQLOutcome; readonly errorCodes: readonly string[]; readonly appConfigCalls: number }): void;
}

/** One HTTP request as telemetry follows it. */
export interface ObservedRequest {
  /** Its id: the caller's `x-request-id` when usable, else a new one; sent back in `x-request-id`. */
  readonly id: string;
  readonly observer: RequestObserver;
  /** Runs the serving of a GraphQL request inside its span, which continues the caller's W3C trace. */
  graphql<T>(serve: () => Promise<T>): Promise<T>;
}

/** Follows every HTTP request from its arrival to its last byte (metrics, traces, the access line). */
export interface HttpTelemetry {
  requestStarted(req: IncomingMessage, res: ServerResponse): ObservedRequest;
}
