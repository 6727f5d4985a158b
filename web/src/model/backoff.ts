/** The first wait after a failure, doubled after each further one. */
const FIRST_DELAY_MS = 1000;
/** However long the gateway stays away, the page tries again at least this often. */
const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before try number `retries` + 1 (0 after the first failure): doubling from a second
 * up to 30 s, plus up to a second drawn from `random`, so that every page a restarted gateway dropped
 * does not come back in the same instant.
 */
export function backoffDelayMs(retries: number, random: () => number = Math.random): number {
  return Math.min(FIRST_DELAY_MS * 2 ** retries, MAX_DELAY_MS) + Math.floor(random() * FIRST_DELAY_MS);
}
