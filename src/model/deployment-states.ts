import type { DeploymentState } from '@aws-sdk/client-appconfig';

const FINAL_STATES: ReadonlySet<string> = new Set<DeploymentState>(['COMPLETE', 'ROLLED_BACK', 'REVERTED']);

/** A deployment in a final state never changes again; any other (or an unreadable) state may. */
export function isFinalState(state: string | undefined): boolean {
  return state !== undefined && FINAL_STATES.has(state);
}
