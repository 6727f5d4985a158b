import type { DeploymentState } from '../graphql/generated/graphql';
import { stateLabel, stateTone } from '../model/deployment-state';

/** A deployment's state as a coloured badge that also spells it out, so colour is never the only cue. */
export function StateBadge({ state }: { readonly state: DeploymentState | null | undefined }) {
  return (
    <span className={`badge badge--${stateTone(state)}`} data-state={state ?? 'UNKNOWN'}>
      {stateLabel(state)}
    </span>
  );
}
