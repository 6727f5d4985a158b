import type { Logger } from '../logger.js';
import type { GraphQLOutcome } from './observers.js';

/** What one HTTP request's access line says. Never variables, bodies, query strings or credentials. */
export interface AccessRecord {
  readonly requestId: string;
  readonly method: string;
  /** The path only: a GET query string carries the document and its variables. */
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  /** False when the client went away before the whole answer was written. */
  readonly completed: boolean;
  /** For GraphQL requests: what ran and what it cost. */
  readonly graphql?: {
    /** The operation's name as the client gave it; undefined when anonymous or never resolved. */
    readonly operation: string | undefined;
    readonly operationType: string | undefined;
    readonly outcome: GraphQLOutcome;
    readonly errorCodes: readonly string[];
    readonly appConfigCalls: number;
    readonly cacheHits: number;
  };
  /** The request's trace, when tracing is on. */
  readonly traceId?: string;
}

/** Longest path and operation name repeated in a line: a client's 1 MB path must not become a 1 MB log line. */
const MAX_ECHO = 200;

const cut = (text: string) => (text.length <= MAX_ECHO ? text : `${text.slice(0, MAX_ECHO)}…`);

/**
 * One line per request, at `info`, or at `debug` for `quietPaths` (probes and scrapes every few
 * seconds would drown the rest). The message reads on a terminal; the fields are for log queries.
 */
export function createAccessLog(logger: Logger, quietPaths: ReadonlySet<string>): (record: AccessRecord) => void {
  return (record) => {
    const level = quietPaths.has(record.path) ? 'debug' : 'info';
    // Nothing is built for a line that would not be written (LOG_LEVEL above it).
    if (!logger.isLevelEnabled(level)) return;
    const { message, fields } = accessLine(record);
    logger[level](fields, message);
  };
}

export function accessLine(record: AccessRecord): { readonly message: string; readonly fields: Record<string, unknown> } {
  const graphql = record.graphql;
  const operation = graphql?.operation === undefined ? undefined : cut(graphql.operation);
  const fields: Record<string, unknown> = {
    requestId: record.requestId,
    method: record.method,
    path: cut(record.path),
    status: record.status,
    durationMs: Math.round(record.durationMs * 10) / 10,
    ...(record.completed ? {} : { completed: false }),
    ...(graphql
      ? {
          operation,
          operationType: graphql.operationType,
          outcome: graphql.outcome,
          ...(graphql.errorCodes.length > 0 ? { errorCodes: [...new Set(graphql.errorCodes)] } : {}),
          appConfigCalls: graphql.appConfigCalls,
          cacheHits: graphql.cacheHits,
        }
      : {}),
    ...(record.traceId === undefined ? {} : { trace_id: record.traceId }),
  };
  const what = graphql ? ` ${operation ?? graphql.operationType ?? '-'} ${graphql.outcome} calls=${graphql.appConfigCalls} hits=${graphql.cacheHits}` : '';
  const message = `${record.method} ${cut(record.path)} ${record.status}${record.completed ? '' : ' (client gone)'} ${fields['durationMs'] as number} ms${what}`;
  return { message, fields: { ...fields, msgType: 'access' } };
}
