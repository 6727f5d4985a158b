import type { DeploymentState } from '../graphql/generated/graphql';

/** States in which AppConfig still changes a deployment; the dashboard follows these live. */
export function isMoving(state: DeploymentState | null | undefined): boolean {
  switch (state) {
    case 'DEPLOYING':
    case 'BAKING':
    case 'VALIDATING':
    case 'ROLLING_BACK':
      return true;
    case 'COMPLETE':
    case 'ROLLED_BACK':
    case 'REVERTED':
    case null:
    case undefined:
      return false;
  }
}

/** How a state reads at a glance; each tone has a colour and the badge always spells the state out too. */
export type StateTone = 'moving' | 'success' | 'failure' | 'reverted' | 'unknown';

export function stateTone(state: DeploymentState | null | undefined): StateTone {
  switch (state) {
    case 'DEPLOYING':
    case 'BAKING':
    case 'VALIDATING':
      return 'moving';
    case 'COMPLETE':
      return 'success';
    case 'ROLLING_BACK':
    case 'ROLLED_BACK':
      return 'failure';
    case 'REVERTED':
      return 'reverted';
    case null:
    case undefined:
      return 'unknown';
  }
}

/** AppConfig's state name in words, as the console shows it. */
export function stateLabel(state: DeploymentState | null | undefined): string {
  switch (state) {
    case 'DEPLOYING':
      return 'Deploying';
    case 'BAKING':
      return 'Baking';
    case 'VALIDATING':
      return 'Validating';
    case 'COMPLETE':
      return 'Complete';
    case 'ROLLING_BACK':
      return 'Rolling back';
    case 'ROLLED_BACK':
      return 'Rolled back';
    case 'REVERTED':
      return 'Reverted';
    case null:
    case undefined:
      return 'Unknown state';
  }
}
