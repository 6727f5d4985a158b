import type { ActionInvocation, DeploymentEventType, DeploymentState, GrowthType, TriggeredBy } from '@aws-sdk/client-appconfig';
import type { Wire } from './wire.js';

/** The strategy parameters a deployment was started with. */
export interface GrowthPlan {
  readonly durationMinutes: number;
  readonly growthType: GrowthType;
  readonly growthFactor: number;
  readonly finalBakeMinutes: number;
}

export interface ProgressEvent {
  readonly at: number;
  readonly type: DeploymentEventType;
  readonly triggeredBy: TriggeredBy;
  readonly description: string;
  /** Only recorded deployments carry these; the simulation invokes no extensions. */
  readonly actionInvocations?: ReadonlyArray<Wire<ActionInvocation>>;
}

/** Where a deployment stands at one moment; `events` are oldest first. */
export interface Progress {
  readonly state: DeploymentState;
  readonly percentageComplete: number;
  readonly events: readonly ProgressEvent[];
  readonly completedAt?: number;
}

/** A user's StopDeployment: a rollback while running, or a revert of a completed deployment. */
export interface Stop {
  readonly at: number;
  readonly kind: 'rollback' | 'revert';
}

const MINUTE = 60_000;
/** How long a rollback takes in simulated time: AppConfig's take a few moments. */
export const ROLLBACK_DURATION_MS = 30_000;
/** AppConfig allows reverting a completed deployment for 72 hours. */
export const REVERT_WINDOW_MS = 72 * 60 * MINUTE;
/**
 * What reads report between the start and the first step: 1%, the model's Percentage minimum and
 * AWS's documented StartDeployment example. (StartDeployment's own answer says 0.0, as the live service does.)
 */
const INITIAL_PERCENTAGE = 1;

/**
 * The percentage reached at each growth step. LINEAR adds the growth factor each step (25 → 25, 50,
 * 75, 100); EXPONENTIAL doubles from it (2 → 2, 4, 8 … 100); the last step is always 100.
 */
export function growthSteps(plan: Pick<GrowthPlan, 'growthType' | 'growthFactor'>): number[] {
  const steps: number[] = [];
  for (let step = 1; steps.at(-1) !== 100; step += 1) {
    const raw = plan.growthType === 'EXPONENTIAL' ? plan.growthFactor * 2 ** (step - 1) : plan.growthFactor * step;
    steps.push(Math.min(100, Math.round(raw * 100) / 100));
  }
  return steps;
}

/**
 * Every event a deployment goes through if nobody stops it. The steps are spread evenly so that the
 * last one lands one interval before the deployment duration ends, when the bake time starts — AWS's
 * documented example: LINEAR 25% over 15 minutes steps every 3 minutes, reaches 100% at 12, bakes at 15.
 */
export function plannedEvents(plan: GrowthPlan, startedAt: number): ProgressEvent[] {
  const steps = growthSteps(plan);
  const interval = (plan.durationMinutes * MINUTE) / (steps.length + 1);
  const bakeStartsAt = startedAt + plan.durationMinutes * MINUTE;
  return [
    { at: startedAt, type: 'DEPLOYMENT_STARTED', triggeredBy: 'USER', description: 'Deployment started' },
    ...steps.map((percentage, i): ProgressEvent => ({
      at: startedAt + Math.round(interval * (i + 1)),
      type: 'PERCENTAGE_UPDATED',
      triggeredBy: 'APPCONFIG',
      description: percentageDescription(percentage),
    })),
    { at: bakeStartsAt, type: 'BAKE_TIME_STARTED', triggeredBy: 'APPCONFIG', description: 'Deployment bake time started' },
    {
      at: bakeStartsAt + plan.finalBakeMinutes * MINUTE,
      type: 'DEPLOYMENT_COMPLETED',
      triggeredBy: 'APPCONFIG',
      description: 'Deployment completed',
    },
  ];
}

function percentageDescription(percentage: number): string {
  return `Configuration available to ${percentage.toFixed(2)}% of clients`;
}

/** Where an unstopped deployment stands at `now`. */
export function plannedProgress(plan: GrowthPlan, startedAt: number, now: number): Progress {
  const planned = plannedEvents(plan, startedAt);
  const happened = planned.filter((event) => event.at <= now);
  const last = happened.at(-1) ?? planned[0]!;
  switch (last.type) {
    case 'DEPLOYMENT_COMPLETED':
      return { state: 'COMPLETE', percentageComplete: 100, events: happened, completedAt: last.at };
    case 'BAKE_TIME_STARTED':
      return { state: 'BAKING', percentageComplete: 100, events: happened };
    default: {
      const steps = growthSteps(plan);
      const stepsDone = happened.filter((event) => event.type === 'PERCENTAGE_UPDATED').length;
      return { state: 'DEPLOYING', percentageComplete: stepsDone === 0 ? INITIAL_PERCENTAGE : steps[stepsDone - 1]!, events: happened };
    }
  }
}

/** Applies a StopDeployment to progress reached by `stop.at`, as seen at `now`. */
export function stoppedProgress(reached: Progress, stop: Stop, now: number): Progress {
  if (stop.kind === 'revert') {
    return {
      state: 'REVERTED',
      percentageComplete: reached.percentageComplete,
      events: [...reached.events, { at: stop.at, type: 'REVERT_COMPLETED', triggeredBy: 'USER', description: 'Deployment reverted by user request' }],
      completedAt: stop.at,
    };
  }
  const started: ProgressEvent = { at: stop.at, type: 'ROLLBACK_STARTED', triggeredBy: 'USER', description: 'Rollback initiated by user request' };
  const completesAt = stop.at + ROLLBACK_DURATION_MS;
  if (now < completesAt) return { state: 'ROLLING_BACK', percentageComplete: reached.percentageComplete, events: [...reached.events, started] };
  return {
    state: 'ROLLED_BACK',
    percentageComplete: reached.percentageComplete,
    events: [...reached.events, started, { at: completesAt, type: 'ROLLBACK_COMPLETED', triggeredBy: 'APPCONFIG', description: 'Rollback completed' }],
    completedAt: completesAt,
  };
}

const IN_PROGRESS: ReadonlySet<DeploymentState> = new Set(['DEPLOYING', 'BAKING', 'VALIDATING', 'ROLLING_BACK']);

export function isInProgress(state: DeploymentState): boolean {
  return IN_PROGRESS.has(state);
}
