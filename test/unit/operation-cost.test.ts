import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/schema.js';
import { estimateOperationCost } from '../../src/server/operation-cost.js';

const schema = buildGatewaySchema();
const calls = (query: string, variables?: Record<string, unknown>) => estimateOperationCost(schema, parse(query), undefined, variables)?.calls;

describe('estimateOperationCost', () => {
  it.each([
    ['one deployment', '{ deployment(applicationId: "a", environmentId: "e", deploymentNumber: 1) { state eventLog { eventType } } }', 1],
    [
      'two aliases of it',
      '{ a: deployment(applicationId: "a", environmentId: "e", deploymentNumber: 1) { state } b: deployment(applicationId: "a", environmentId: "e", deploymentNumber: 2) { state } }',
      2,
    ],
    ['a page of summaries', '{ deployments(applicationId: "a", environmentId: "e", first: 50) { edges { node { state } } } }', 1],
    ['two pages of summaries', '{ deployments(applicationId: "a", environmentId: "e", first: 100) { edges { node { state } } } }', 2],
    ['one more page after a cursor', '{ deployments(applicationId: "a", environmentId: "e", first: 50, after: "x") { edges { node { state } } } }', 2],
    [
      'summaries with their detail',
      '{ deployments(applicationId: "a", environmentId: "e", first: 10) { edges { node { eventLog { eventType } description } } } }',
      11,
    ],
    [
      'links every listed deployment shares, once each',
      '{ deployments(applicationId: "a", environmentId: "e", first: 10) { edges { node { application { name } environment { name } } } } }',
      3,
    ],
    [
      'strategies, at most the quota of distinct ones',
      '{ deployments(applicationId: "a", environmentId: "e", first: 100) { edges { node { deploymentStrategy { name } } } } }',
      2 + 100 + 24,
    ],
    [
      'links to what a list already primed, for free',
      '{ applications(first: 5) { edges { node { environments { application { name } deployments(first: 1) { edges { node { environment { name } } } } } } } } }',
      1 + 5 + 5,
    ],
    ['the README navigation example', README_EXAMPLE(), 1 + 20 + 20 + 20 + 20 + 5],
    ['a default `first`', '{ applications { edges { node { name } } } }', 1],
  ])('%s', (_name, query, expected) => {
    expect(calls(query)).toBe(expected);
  });

  it('counts distinct representations, and the applications and environments they share', () => {
    const r = [1, 2, 2, 3].map((n) => ({ __typename: 'Deployment', applicationId: 'a', environmentId: 'e', deploymentNumber: n }));
    expect(calls('query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { state environment { name } } } }', { r })).toBe(3 + 1);
  });

  it('counts the objects of every representation, repeated ones too: the answer repeats them', () => {
    const r = Array.from({ length: 100 }, () => ({ __typename: 'Deployment', applicationId: 'a', environmentId: 'e', deploymentNumber: 1 }));
    const cost = estimateOperationCost(
      schema,
      parse('query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { state eventLog { eventType } } } }'),
      undefined,
      { r },
    );
    // Each copy: the deployment and ASSUMED_LIST_LENGTH events; one call for them all.
    expect(cost).toEqual({ calls: 1, objects: 100 + 100 * 10 });
  });

  it('reads `first` from variables, and answers undefined when the variables do not fit', () => {
    const query = 'query($n: Int!) { deployments(applicationId: "a", environmentId: "e", first: $n) { edges { node { eventLog { eventType } } } } }';
    expect(calls(query, { n: 3 })).toBe(4);
    expect(calls(query, { n: 'three' })).toBeUndefined();
    expect(calls(query, {})).toBeUndefined();
  });

  it('follows fragments, and stops at a cycle', () => {
    const query = `
      query { deployment(applicationId: "a", environmentId: "e", deploymentNumber: 1) { ...D } }
      fragment D on Deployment { application { name } environment { ...E } }
      fragment E on Environment { name application { ...A } }
      fragment A on Application { name }`;
    expect(calls(query)).toBe(1 + 1 + 1 + 1);
  });
});

function README_EXAMPLE(): string {
  return `query {
    applications(first: 20) { edges { node {
      id name description
      environments { id name state monitors { alarmArn alarmRoleArn }
        latestDeployment { deploymentNumber state percentageComplete }
        deployments(first: 5) { edges { node { deploymentNumber state configurationName } } } }
      configurationProfiles { id name type locationUri validators { type } } } } }
    deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) {
      application { name } environment { name state }
      deploymentStrategy { name growthType growthFactor deploymentDurationInMinutes finalBakeTimeInMinutes replicateTo }
      configurationProfile { name type }
    }
  }`;
}
