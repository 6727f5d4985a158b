import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.js';

/** graphql-js's "Did you mean …?" hints, which name fields and types of the schema. */
const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * Errors without a public code are gateway bugs or library failures; in production their message may
 * hold internals, so clients see only the code. Coded errors were written for clients and pass as
 * they are, except that production drops validation suggestions, which would reveal the schema
 * that production's disabled introspection keeps to itself.
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError => {
    if (!production) return formatted;
    const code = formatted.extensions?.['code'];
    if (code === ErrorCode.GRAPHQL_VALIDATION_FAILED) return { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
    if (code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
