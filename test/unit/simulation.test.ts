import { describe, expect, it } from 'vitest';
import { growthSteps, type GrowthPlan, plannedEvents, plannedProgress, ROLLBACK_DURATION_MS, stoppedProgress } from '../../src/emulator/simulation.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 8, 17, 21, 43, 54, 205);
/** The strategy of AWS's documented GetDeployment example. */
const documented: GrowthPlan = { durationMinutes: 15, growthType: 'LINEAR', growthFactor: 25, finalBakeMinutes: 0 };

describe('growth steps', () => {
  it.each([
    [{ growthType: 'LINEAR', growthFactor: 25 }, [25, 50, 75, 100]],
    [{ growthType: 'LINEAR', growthFactor: 20 }, [20, 40, 60, 80, 100]],
    [{ growthType: 'LINEAR', growthFactor: 30 }, [30, 60, 90, 100]],
    [{ growthType: 'LINEAR', growthFactor: 100 }, [100]],
    [{ growthType: 'EXPONENTIAL', growthFactor: 2 }, [2, 4, 8, 16, 32, 64, 100]],
    [{ growthType: 'EXPONENTIAL', growthFactor: 10 }, [10, 20, 40, 80, 100]],
  ] as const)('%j grows through %j', (plan, steps) => {
    expect(growthSteps(plan)).toEqual(steps);
  });
});

describe('planned deployment', () => {
  it("follows AWS's documented LINEAR example: a step every 3 minutes, 100% at 12, bake and completion at 15", () => {
    const events = plannedEvents(documented, T0);
    expect(events.map((event) => [event.type, (event.at - T0) / MINUTE, event.description])).toEqual([
      ['DEPLOYMENT_STARTED', 0, 'Deployment started'],
      ['PERCENTAGE_UPDATED', 3, 'Configuration available to 25.00% of clients'],
      ['PERCENTAGE_UPDATED', 6, 'Configuration available to 50.00% of clients'],
      ['PERCENTAGE_UPDATED', 9, 'Configuration available to 75.00% of clients'],
      ['PERCENTAGE_UPDATED', 12, 'Configuration available to 100.00% of clients'],
      ['BAKE_TIME_STARTED', 15, 'Deployment bake time started'],
      ['DEPLOYMENT_COMPLETED', 15, 'Deployment completed'],
    ]);
    expect(events.map((event) => event.triggeredBy)).toEqual(['USER', 'APPCONFIG', 'APPCONFIG', 'APPCONFIG', 'APPCONFIG', 'APPCONFIG', 'APPCONFIG']);
  });

  it.each([
    [0, 'DEPLOYING', 1],
    [2.9, 'DEPLOYING', 1],
    [3, 'DEPLOYING', 25],
    [8, 'DEPLOYING', 50],
    [12, 'DEPLOYING', 100],
    [14.9, 'DEPLOYING', 100],
    [15, 'COMPLETE', 100],
  ])('at minute %d of the documented example is %s at %d%%', (minute, state, percentage) => {
    const progress = plannedProgress(documented, T0, T0 + minute * MINUTE);
    expect([progress.state, progress.percentageComplete]).toEqual([state, percentage]);
    expect(progress.completedAt).toBe(state === 'COMPLETE' ? T0 + 15 * MINUTE : undefined);
  });

  it('bakes for FinalBakeTimeInMinutes at 100% before completing', () => {
    const plan: GrowthPlan = { durationMinutes: 20, growthType: 'EXPONENTIAL', growthFactor: 10, finalBakeMinutes: 10 };
    expect(plannedProgress(plan, T0, T0 + 20 * MINUTE)).toMatchObject({ state: 'BAKING', percentageComplete: 100 });
    expect(plannedProgress(plan, T0, T0 + 29 * MINUTE)).toMatchObject({ state: 'BAKING' });
    expect(plannedProgress(plan, T0, T0 + 30 * MINUTE)).toMatchObject({ state: 'COMPLETE', completedAt: T0 + 30 * MINUTE });
  });

  it('deploys everything at once with a zero duration', () => {
    const plan: GrowthPlan = { durationMinutes: 0, growthType: 'LINEAR', growthFactor: 100, finalBakeMinutes: 10 };
    expect(plannedProgress(plan, T0, T0)).toMatchObject({ state: 'BAKING', percentageComplete: 100 });
  });
});

describe('stopped deployment', () => {
  it('rolls back a running deployment: ROLLING_BACK, then ROLLED_BACK once the rollback completes', () => {
    const stopAt = T0 + 7 * MINUTE;
    const reached = plannedProgress(documented, T0, stopAt);
    const rolling = stoppedProgress(reached, { at: stopAt, kind: 'rollback' }, stopAt);
    expect(rolling).toMatchObject({ state: 'ROLLING_BACK', percentageComplete: 50 });
    expect(rolling.events.at(-1)).toMatchObject({ type: 'ROLLBACK_STARTED', triggeredBy: 'USER', at: stopAt });

    const rolledBack = stoppedProgress(reached, { at: stopAt, kind: 'rollback' }, stopAt + ROLLBACK_DURATION_MS);
    expect(rolledBack).toMatchObject({ state: 'ROLLED_BACK', completedAt: stopAt + ROLLBACK_DURATION_MS });
    expect(rolledBack.events.slice(-2).map((event) => event.type)).toEqual(['ROLLBACK_STARTED', 'ROLLBACK_COMPLETED']);
  });

  it('reverts a completed deployment at once', () => {
    const revertAt = T0 + 60 * MINUTE;
    const reverted = stoppedProgress(plannedProgress(documented, T0, revertAt), { at: revertAt, kind: 'revert' }, revertAt);
    expect(reverted).toMatchObject({ state: 'REVERTED', completedAt: revertAt });
    expect(reverted.events.at(-1)).toMatchObject({ type: 'REVERT_COMPLETED', triggeredBy: 'USER' });
  });
});
