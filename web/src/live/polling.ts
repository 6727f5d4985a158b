/**
 * How often the polling feed asks the gateway. A moving deployment is cached by the gateway for
 * CACHE_ACTIVE_TTL_SECONDS (5 s by default), so asking more often than every couple of seconds would
 * mostly read the same answer; an idle environment is asked rarely, only to notice a new deployment.
 */
export const MOVING_POLL_MS = 2000;
export const IDLE_POLL_MS = 30_000;
