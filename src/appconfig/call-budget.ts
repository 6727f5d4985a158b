import { ErrorCode, gatewayError } from '../errors.js';

/**
 * How many AppConfig calls one GraphQL request may still make (APPCONFIG_MAX_CALLS_PER_REQUEST).
 * The estimate before execution refuses most requests that would pass it; this enforces it while
 * executing, for what the estimate cannot see (list lengths, pages). Calls answered by the cache
 * spend nothing: only calls that reach AppConfig do.
 */
export class CallBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  get callsMade(): number {
    return this.spent;
  }

  /** Counts one call of `operation`, or throws QUERY_TOO_EXPENSIVE once the budget is spent. */
  spend(operation: string): void {
    if (this.spent >= this.limit) {
      throw gatewayError(
        ErrorCode.QUERY_TOO_EXPENSIVE,
        `This request has made the ${this.limit} AppConfig calls one request may make (APPCONFIG_MAX_CALLS_PER_REQUEST), so ${operation} was not called; ask for fewer items or split the query.`,
        { upstream: { operation }, extensions: { maxCallsPerRequest: this.limit } },
      );
    }
    this.spent += 1;
  }
}
