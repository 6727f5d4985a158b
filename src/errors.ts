import { GraphQLError } from 'graphql';

/**
 * The public error codes this gateway puts in `extensions.code`. Clients may switch on them; add to
 * this list with care and never rename a value.
 */
export enum ErrorCode {
  /** The application, environment or deployment does not exist; the field is null. */
  NOT_FOUND = 'NOT_FOUND',
  /** An argument is invalid, or AppConfig rejected the request as a BadRequestException. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** AppConfig was still throttling the gateway after every retry. */
  UPSTREAM_THROTTLED = 'UPSTREAM_THROTTLED',
  /** AppConfig refused the gateway's credentials, or the gateway has none. */
  UPSTREAM_FORBIDDEN = 'UPSTREAM_FORBIDDEN',
  /** AppConfig failed, timed out, could not be reached or answered something unreadable. */
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  /** A bug in the gateway; the message is hidden in production. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** What the gateway knows about the AppConfig call behind an error, published as `extensions.upstream`. */
export interface UpstreamInfo {
  readonly operation: string;
  readonly errorName?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

export interface GatewayErrorOptions {
  readonly upstream?: UpstreamInfo;
  readonly cause?: unknown;
  /** Further members of `extensions`, such as the argument name of a validation error. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Builds a GraphQL error carrying one of the public codes; `cause` stays on the server. */
export function gatewayError(code: ErrorCode, message: string, options: GatewayErrorOptions = {}): GraphQLError {
  const error = new GraphQLError(message, {
    extensions: {
      code,
      ...options.extensions,
      ...(options.upstream ? { upstream: options.upstream } : {}),
    },
  });
  if (options.cause !== undefined) error.cause = options.cause;
  return error;
}

/**
 * A member AWS always sends (a list item's Id, a member the model marks required) that the SDK's
 * types leave optional: its absence fails the field with a clear upstream error.
 */
export function requiredMember<T>(value: T | undefined, where: string, member: string): T {
  if (value === undefined) throw gatewayError(ErrorCode.UPSTREAM_ERROR, `AppConfig returned ${where} without ${member}.`);
  return value;
}
