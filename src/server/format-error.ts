import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.js';

/**
 * Errors without a public code are gateway bugs or library failures; in production their message may
 * hold internals, so clients see only the code. Coded errors were written for clients and pass as they are.
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError => {
    if (!production || formatted.extensions?.['code'] !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
