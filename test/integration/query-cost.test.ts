import { describe, expect, it } from 'vitest';
import { useGatewayOverDouble } from '../support/harness.js';

const t = useGatewayOverDouble();

describe('query cost limit (MAX_QUERY_COST)', () => {
  it('refuses nested lists that could cost tens of thousands of AppConfig calls, before any call', async () => {
    const { status, body } = await t.gateway.query(`{
      applications(first: 100) { edges { node {
        environments { deployments(first: 100) { edges { node { eventLog { eventType } } } } } } } }
    }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxCost: 25_000 });
    expect(body.errors?.[0]?.message).toContain('MAX_QUERY_COST');
    expect(t.upstream.calls).toHaveLength(0);
  });

  it('lets through the README examples and the benchmark shapes', async () => {
    for (const query of [
      `{ applications(first: 20) { edges { node { id name description
          environments { id name state monitors { alarmArn alarmRoleArn }
            latestDeployment { deploymentNumber state percentageComplete }
            deployments(first: 5) { edges { node { deploymentNumber state configurationName } } } }
          configurationProfiles { id name type locationUri validators { type } } } } } }`,
      '{ deployments(applicationId: "a", environmentId: "e", first: 50) { edges { node { deploymentNumber state eventLog { eventType description occurredAt } } } } }',
    ]) {
      const { body } = await t.gateway.query(query);
      expect(body.errors?.map((error) => error.extensions?.['code']) ?? []).not.toContain('BAD_USER_INPUT');
    }
  });
});
