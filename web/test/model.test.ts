import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { dashboardRoot } from '../src/app/dashboard-root';
import { deploymentPath, environmentPath, overviewPath } from '../src/app/paths';
import type { DeploymentState } from '../src/graphql/generated/graphql';
import { backoffDelayMs } from '../src/model/backoff';
import { isMoving, stateLabel, stateTone } from '../src/model/deployment-state';
import { isNotFoundAt, problemsOf } from '../src/model/problems';
import { summarizeStale } from '../src/model/stale';
import { elapsedMs, formatDuration, formatMinutes, formatTimestamp } from '../src/model/time';

describe('deployment states', () => {
  it.each<[DeploymentState, boolean, string, string]>([
    ['DEPLOYING', true, 'moving', 'Deploying'],
    ['BAKING', true, 'moving', 'Baking'],
    ['VALIDATING', true, 'moving', 'Validating'],
    ['ROLLING_BACK', true, 'failure', 'Rolling back'],
    ['COMPLETE', false, 'success', 'Complete'],
    ['ROLLED_BACK', false, 'failure', 'Rolled back'],
    ['REVERTED', false, 'reverted', 'Reverted'],
  ])('%s: moving %s, tone %s, reads "%s"', (state, moving, tone, label) => {
    expect(isMoving(state)).toBe(moving);
    expect(stateTone(state)).toBe(tone);
    expect(stateLabel(state)).toBe(label);
  });

  it('treats a state AppConfig did not report as not moving', () => {
    expect(isMoving(null)).toBe(false);
    expect(stateLabel(undefined)).toBe('Unknown state');
  });
});

describe('times', () => {
  it('formats timestamps in UTC to the second', () => {
    expect(formatTimestamp('2021-09-17T21:59:03.888Z')).toBe('2021-09-17 21:59:03 UTC');
  });

  it.each([
    [12_400, '12 s'],
    [200_000, '3 min 20 s'],
    [3_900_000, '1 h 05 min'],
    [-5_000, '0 s'],
  ])('formats %d ms as "%s"', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('formats strategy minutes', () => {
    expect(formatMinutes(15)).toBe('15 min');
    expect(formatMinutes(90)).toBe('1 h 30 min');
  });

  it('measures elapsed time to completion, or to now, never below zero', () => {
    expect(elapsedMs('2026-11-02T14:00:00Z', '2026-11-02T14:00:52Z', 0)).toBe(52_000);
    expect(elapsedMs('2026-11-02T14:00:00Z', null, Date.parse('2026-11-02T14:01:00Z'))).toBe(60_000);
    expect(elapsedMs('2026-11-02T14:00:00Z', null, Date.parse('2026-11-02T13:59:00Z'))).toBe(0);
  });
});

describe('problems', () => {
  const graphQLErrors = (...errors: Array<{ message: string; code: string; path?: Array<string | number> }>) =>
    new CombinedGraphQLErrors({
      data: null,
      errors: errors.map(({ message, code, path }) => ({ message, path, extensions: { code } })),
    });

  it('tells throttling as throttling, with the code and the field it hit', () => {
    const [problem] = problemsOf(graphQLErrors({ message: 'Rate exceeded', code: 'UPSTREAM_THROTTLED', path: ['deployment'] }));
    expect(problem).toMatchObject({ code: 'UPSTREAM_THROTTLED', title: 'AppConfig is throttling requests', message: 'Rate exceeded', path: 'deployment' });
    expect(problem?.advice).toMatch(/may be older/);
  });

  it('shows a code it does not know as it is', () => {
    expect(problemsOf(graphQLErrors({ message: 'Something new', code: 'BUDGET_EXHAUSTED' }))[0]).toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      title: 'BUDGET_EXHAUSTED',
    });
  });

  it('tells transport failures by HTTP status or as unreachable', () => {
    const response = new Response('bad gateway', { status: 502 });
    expect(problemsOf(new ServerError('Response not successful', { response, bodyText: 'bad gateway' }))[0]?.code).toBe('HTTP_502');
    expect(problemsOf(new TypeError('Failed to fetch'))[0]).toMatchObject({ code: 'NETWORK_ERROR', title: 'The gateway cannot be reached' });
    expect(problemsOf(undefined)).toEqual([]);
  });

  it("reads a refusal's GraphQL errors from its body: 401 UNAUTHENTICATED says the dashboard cannot send a token", () => {
    const bodyText = JSON.stringify({ errors: [{ message: 'This gateway requires a bearer token.', extensions: { code: 'UNAUTHENTICATED' } }] });
    const response = new Response(bodyText, { status: 401 });
    const [problem, ...others] = problemsOf(new ServerError('Response not successful: Received status code 401', { response, bodyText }));
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ code: 'UNAUTHENTICATED', title: 'The gateway requires a token', message: 'This gateway requires a bearer token.' });
    expect(problem?.advice).toContain('AUTH_MODE=jwt');
  });

  it('knows a missing page subject from a missing link', () => {
    const missingProfile = graphQLErrors({ message: 'no such profile', code: 'NOT_FOUND', path: ['deployment', 'configurationProfile'] });
    expect(isNotFoundAt(missingProfile, 'deployment')).toBe(false);
    expect(isNotFoundAt(graphQLErrors({ message: 'no such deployment', code: 'NOT_FOUND', path: ['deployment'] }), 'deployment')).toBe(true);
  });
});

describe('addresses', () => {
  it('finds the dashboard root from its entry script, built or in development', () => {
    expect(dashboardRoot('http://localhost:4000/dashboard/assets/index-Ab12.js')).toBe('/dashboard');
    expect(dashboardRoot('http://localhost:5173/ops/deployments/src/main.tsx')).toBe('/ops/deployments');
    expect(dashboardRoot('http://localhost:4000/assets/index-Ab12.js')).toBe('/');
  });

  it('gives every view its own URL, with ids encoded', () => {
    expect(overviewPath()).toBe('/');
    expect(environmentPath('chk2svc', 'prod7ea', 'abc=')).toBe('/applications/chk2svc/environments/prod7ea?after=abc%3D');
    expect(deploymentPath('chk2svc', 'prod 7', 2)).toBe('/applications/chk2svc/environments/prod%207/deployments/2');
  });
});

describe('backoff', () => {
  it('doubles from a second up to 30 s, plus up to a second of jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((retries) => backoffDelayMs(retries, () => 0))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(backoffDelayMs(0, () => 0.999)).toBe(1999);
  });
});

describe('stale data', () => {
  it('is as old as its oldest field, and names each reason once', () => {
    const field = (ageSeconds: number, reason: string) => ({ path: ['environment'], resource: 'environment:x', ageSeconds, reason });
    expect(summarizeStale([field(30, 'UPSTREAM_ERROR'), field(600, 'UPSTREAM_THROTTLED'), field(45, 'UPSTREAM_ERROR')])).toEqual({
      ageSeconds: 600,
      reasons: [
        { code: 'UPSTREAM_ERROR', words: 'AppConfig is unavailable' },
        { code: 'UPSTREAM_THROTTLED', words: 'AppConfig is throttling requests' },
      ],
    });
  });
});
