import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppConfigClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-appconfig';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { quotaClassOf, type RateBudget } from './rate-budget.js';

/** How long an attempt of the current call may wait for its turn, and what ends the wait early. */
export interface AttemptLimits {
  readonly maxWaitMs: number;
  readonly signal?: AbortSignal;
}

/** Runs `send` (an SDK call) so that each of its attempts, retries included, takes a turn from the budget first. */
export type GatedSend = <T>(limits: AttemptLimits, send: () => Promise<T>) => Promise<T>;

/**
 * Puts `budget` in front of every attempt `client` makes: a step placed after the SDK's retry step,
 * which runs once per attempt, so a retried call spends the budget as often as it reaches AppConfig.
 * The limits of the call being made travel to that step through an AsyncLocalStorage, as the SDK's
 * middleware sees nothing of the caller.
 */
export function gateAttempts(client: AppConfigClient, budget: RateBudget): GatedSend {
  const current = new AsyncLocalStorage<AttemptLimits>();
  const takeTurn: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const limits = current.getStore();
    const quota = quotaClassOf(context.commandName ?? '');
    if (limits && quota) await budget.admit(quota, limits.maxWaitMs, limits.signal);
    return next(args);
  };
  client.middlewareStack.addRelativeTo(takeTurn, { relation: 'after', toMiddleware: 'retryMiddleware', name: 'appconfigGraphBudget', override: true });
  return (limits, send) => current.run(limits, send);
}
