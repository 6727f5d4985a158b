import type { StaleField } from '../graphql/stale-answers';

/** What a page says of the stale data it shows: how old the oldest of it is, and why AppConfig did not answer. */
export interface StaleSummary {
  readonly ageSeconds: number;
  /** Each reason once, in words and by its code. */
  readonly reasons: ReadonlyArray<{ readonly code: string; readonly words: string }>;
}

function reasonInWords(code: string): string {
  switch (code) {
    case 'UPSTREAM_ERROR':
      return 'AppConfig is unavailable';
    case 'UPSTREAM_THROTTLED':
      return 'AppConfig is throttling requests';
    default:
      return 'AppConfig did not answer';
  }
}

export function summarizeStale(fields: readonly StaleField[]): StaleSummary {
  const codes = [...new Set(fields.map((field) => field.reason))];
  return {
    ageSeconds: Math.max(0, ...fields.map((field) => field.ageSeconds)),
    reasons: codes.map((code) => ({ code, words: reasonInWords(code) })),
  };
}
