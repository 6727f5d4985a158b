import { DeploymentState } from '@aws-sdk/client-appconfig';
import { enumValueMatcher } from './enum-values.js';

const FINAL_STATES: ReadonlySet<string> = new Set<DeploymentState>(['COMPLETE', 'ROLLED_BACK', 'REVERTED']);
const deploymentState = enumValueMatcher(Object.values(DeploymentState));

/** A deployment in a final state never changes again; any other (or an unreadable) state may. */
export function isFinalState(state: string | undefined): boolean {
  const known = state === undefined ? undefined : deploymentState(state);
  return known !== undefined && FINAL_STATES.has(known);
}
