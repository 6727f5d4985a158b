import { CombinedGraphQLErrors, type ErrorLike, ServerError } from '@apollo/client';

/** One thing that went wrong, as the page tells it: what it is, the gateway's words, and where. */
export interface Problem {
  /** The gateway's public `extensions.code`, or what the transport says (`NETWORK_ERROR`, `HTTP_503`). */
  readonly code: string;
  readonly title: string;
  /** What to expect or do about it. */
  readonly advice: string;
  readonly message: string;
  /** The field that failed, such as `applications.edges.0.node.environments.1.latestDeployment`. */
  readonly path: string | undefined;
}

/** The gateway's public error codes (src/errors.ts), in words; an unknown code is shown as it is. */
function describe(code: string): Pick<Problem, 'title' | 'advice'> {
  switch (code) {
    case 'NOT_FOUND':
      return { title: 'Not found', advice: 'AppConfig has no such application, environment or deployment.' };
    case 'UPSTREAM_THROTTLED':
      return {
        title: 'AppConfig is throttling requests',
        advice: "AppConfig's request quota is shared by every tool in the account. What is shown may be older than it looks; the dashboard keeps trying.",
      };
    case 'UPSTREAM_FORBIDDEN':
      return { title: 'AppConfig refused the gateway', advice: "The gateway's AWS credentials are missing or lack appconfig:Get* and appconfig:List*." };
    case 'UPSTREAM_ERROR':
      return { title: 'AppConfig failed', advice: 'AppConfig failed, timed out or could not be reached. The dashboard keeps trying.' };
    case 'UNAUTHENTICATED':
      return {
        title: 'The gateway requires a token',
        advice:
          'This gateway runs with AUTH_MODE=jwt, and the dashboard cannot send a bearer token yet: query /graphql with a token from your own client instead.',
      };
    case 'FORBIDDEN':
      return { title: 'The gateway refused the token', advice: 'The bearer token lacks a scope this gateway requires (AUTH_REQUIRED_SCOPES).' };
    case 'BAD_USER_INPUT':
      return { title: 'The gateway refused the request', advice: 'The request was too large or an argument was invalid.' };
    case 'INTERNAL_SERVER_ERROR':
      return { title: 'The gateway failed', advice: 'This is a bug in the gateway; its log has the details.' };
    case 'NETWORK_ERROR':
      return { title: 'The gateway cannot be reached', advice: 'The dashboard keeps what it last showed and tries again.' };
    default:
      return code.startsWith('HTTP_')
        ? { title: `The gateway answered HTTP ${code.slice(5)}`, advice: 'The dashboard tries again.' }
        : { title: code, advice: 'The gateway reported this error.' };
  }
}

function problem(code: string, message: string, path?: ReadonlyArray<string | number>): Problem {
  return { code, message, path: path?.join('.'), ...describe(code) };
}

/** A GraphQL error as the gateway sends it, in a response or in the body of a refusal. */
interface GatewayError {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

function problemOfGraphQLError({ message, path, extensions }: GatewayError): Problem {
  const code = extensions?.['code'];
  return problem(typeof code === 'string' ? code : 'GRAPHQL_ERROR', message, path);
}

/**
 * The errors a refusal's body holds: the gateway answers 401, 403 and 503 with a GraphQL error
 * (UNAUTHENTICATED, FORBIDDEN) as plain JSON, which Apollo Client leaves unread.
 */
function errorsInBody(bodyText: string): GatewayError[] {
  try {
    const body: unknown = JSON.parse(bodyText);
    const errors = typeof body === 'object' && body !== null && 'errors' in body ? body.errors : undefined;
    return Array.isArray(errors) ? errors.filter((error): error is GatewayError => typeof (error as Partial<GatewayError>)?.message === 'string') : [];
  } catch {
    return [];
  }
}

/** Every problem an Apollo error carries: one per GraphQL error, or one for the transport. */
export function problemsOf(error: ErrorLike | undefined): Problem[] {
  if (error === undefined) return [];
  if (CombinedGraphQLErrors.is(error)) return error.errors.map(problemOfGraphQLError);
  if (ServerError.is(error)) {
    const refusal = errorsInBody(error.bodyText);
    return refusal.length > 0 ? refusal.map(problemOfGraphQLError) : [problem(`HTTP_${error.statusCode}`, error.message)];
  }
  return [problem('NETWORK_ERROR', error.message)];
}

/**
 * True when the field at `path` (a root field such as `deployment`) failed with NOT_FOUND: the thing
 * a page is about does not exist, as opposed to something it links to.
 */
export function isNotFoundAt(error: ErrorLike | undefined, path: string): boolean {
  return problemsOf(error).some((p) => p.code === 'NOT_FOUND' && p.path === path);
}
