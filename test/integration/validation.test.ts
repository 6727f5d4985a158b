import { describe, expect, it } from 'vitest';
import { useGatewayOverEmulator } from '../support/harness.js';

const t = useGatewayOverEmulator();

const deployment = (a: string, e: string, n: number) =>
  `{ deployment(applicationId: ${JSON.stringify(a)}, environmentId: ${JSON.stringify(e)}, deploymentNumber: ${n}) { state } }`;
const deployments = (args: string) => `{ deployments(applicationId: "app", environmentId: "env", ${args}) { edges { cursor } } }`;

describe('input validation', () => {
  it.each([
    ['an empty applicationId', deployment('', 'env', 1), 'applicationId'],
    ['a 65-character applicationId', deployment('a'.repeat(65), 'env', 1), 'applicationId'],
    ['an empty environmentId', deployment('app', '', 1), 'environmentId'],
    ['applicationId "."', deployment('.', 'env', 1), 'applicationId'],
    ['applicationId ".."', deployment('..', 'env', 1), 'applicationId'],
    ['environmentId ".."', deployment('app', '..', 1), 'environmentId'],
    ['an application "."', '{ application(id: ".") { name } }', 'id'],
    ['a configuration profile ".."', '{ configurationProfile(applicationId: "app", id: "..") { name } }', 'id'],
    ['deploymentNumber 0', deployment('app', 'env', 0), 'deploymentNumber'],
    ['a negative deploymentNumber', deployment('app', 'env', -3), 'deploymentNumber'],
    ['first 0', deployments('first: 0'), 'first'],
    ['first 101', deployments('first: 101'), 'first'],
    ['a cursor this gateway did not make', deployments('first: 5, after: "bm90LWEtY3Vyc29y"'), 'after'],
    ['a cursor that is not base64 JSON', deployments('first: 5, after: "%%%"'), 'after'],
  ])('rejects %s with BAD_USER_INPUT naming the argument, before calling AppConfig', async (_case, query, argumentName) => {
    const before = t.upstream.calls.length;
    const { body } = await t.gateway.query(query);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(body.errors?.[0]?.message).toContain(`"${argumentName}"`);
    expect(t.upstream.calls.length).toBe(before);
  });

  it('quotes at most about 100 characters of a bad value, in development too', async () => {
    const { body } = await t.gateway.query(deployment('x'.repeat(1_000_000), 'env', 1));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'applicationId' });
    expect(body.errors?.[0]?.message).toMatch(/^Argument "applicationId" must be 1 to 64 characters long; got "x{99}… \(1000002 characters\)\.$/);
    expect(JSON.stringify(body).length).toBeLessThan(10_000);
  });

  it('accepts ids of exactly 64 characters, and ids that merely contain dots', async () => {
    const dotted = await t.gateway.query(deployment('my.app', '...', 1));
    expect(dotted.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(t.upstream.requests.at(-1)?.labels).toMatchObject({ ApplicationId: 'my.app', EnvironmentId: '...' });

    const { body } = await t.gateway.query(deployment('a'.repeat(64), 'e'.repeat(64), 1));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(t.upstream.requests.at(-1)?.labels).toMatchObject({ ApplicationId: 'a'.repeat(64), EnvironmentId: 'e'.repeat(64) });
  });
});
