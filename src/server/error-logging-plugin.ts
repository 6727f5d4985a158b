import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

const UPSTREAM_CODES: ReadonlySet<unknown> = new Set([ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_FORBIDDEN, ErrorCode.UPSTREAM_THROTTLED]);

/**
 * Logs what operators must see: upstream failures as warnings, uncoded errors (bugs) with their cause.
 * Clients' own mistakes (bad input, missing deployments) stay at debug level.
 */
export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions['code'];
            const fields = { code, path: error.path, operationName, upstream: error.extensions['upstream'] };
            if (UPSTREAM_CODES.has(code)) logger.warn(fields, error.message);
            else if (code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR) {
              logger.error({ ...fields, err: error.originalError ?? error }, error.message);
            } else logger.debug(fields, error.message);
          }
          return Promise.resolve();
        },
      });
    },
  };
}
