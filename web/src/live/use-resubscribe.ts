import type { ErrorLike } from '@apollo/client';
import { useEffect, useRef } from 'react';
import { backoffDelayMs } from '../model/backoff';
import { problemsOf } from '../model/problems';

/** What useSubscription returns that this hook needs. */
interface SubscriptionOutcome {
  readonly data?: unknown;
  readonly error?: ErrorLike;
  readonly restart: () => void;
}

/**
 * Subscribes again, after a growing delay, when a subscription ended with an error: AppConfig failed
 * as it started, or the gateway served its limit of subscriptions. (A dropped socket is graphql-ws's
 * to reopen; this is for the errors a subscription reports.) What does not exist is not asked again.
 */
export function useResubscribeAfterError({ data, error, restart }: SubscriptionOutcome): void {
  const failures = useRef(0);
  useEffect(() => {
    if (data !== undefined) failures.current = 0;
  }, [data]);
  useEffect(() => {
    if (!error || problemsOf(error).some((problem) => problem.code === 'NOT_FOUND')) return undefined;
    const timer = window.setTimeout(restart, backoffDelayMs(failures.current));
    failures.current += 1;
    return () => window.clearTimeout(timer);
  }, [error, restart]);
}
