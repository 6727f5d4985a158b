import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';
import { capturingLogger, ERROR_LEVEL } from '../support/log-capture.js';

/** Over the sample data, which holds AWS's documented example. */
const t = useEmulatorWithGatewaysPerTest();

const BY_NUMBER = 'query($n: Int!) { deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: $n) { state } }';
const nested = (depth: number) => `{ application(id: "a") { ${'environments { application { '.repeat(depth)}name${' } }'.repeat(depth)} } }`;
const wide = (fields: number) => `{ ${Array.from({ length: fields }, (_, i) => `f${i}: __typename`).join(' ')} }`;

const TWO_OPERATIONS = 'query A { __typename } query B { __typename }';

const MISTAKES: ReadonlyArray<[string, string, Record<string, unknown> | undefined, string, operationName?: string]> = [
  ['a variable of the wrong type', BY_NUMBER, { n: 'one' }, 'BAD_USER_INPUT'],
  ['a missing required variable', BY_NUMBER, {}, 'BAD_USER_INPUT'],
  ['null for a non-null variable', BY_NUMBER, { n: null }, 'BAD_USER_INPUT'],
  ['more than 10 000 selections', wide(10_001), undefined, 'GRAPHQL_PARSE_FAILED'],
  ['fields nested 900 deep', nested(900), undefined, 'GRAPHQL_PARSE_FAILED'],
  ['fields nested 30 deep', nested(15), undefined, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'a subscription over plain POST',
    'subscription { deployment(applicationId: "a", environmentId: "b", deploymentNumber: 1) { state } }',
    undefined,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  ['two operations and no operationName', TWO_OPERATIONS, undefined, 'OPERATION_RESOLUTION_FAILURE'],
  ['an operationName that names none of them', TWO_OPERATIONS, undefined, 'OPERATION_RESOLUTION_FAILURE', 'C'],
];

describe.each([
  ['development', false],
  ['production', true],
])('client mistakes in %s', (_mode, production) => {
  it.each(MISTAKES)('answers %s with 400 and a client code, logging no error', async (_case, query, variables, code, operationName) => {
    const { logger, lines } = capturingLogger();
    // With its caches, as npm start serves: the whole-response cache looks at each operation first.
    const gateway = await t.gatewayWith({ production, logger, env: { CACHE_BACKEND: 'memory' } });

    const { status, body } = await gateway.query(query, variables, operationName);

    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(body.errors?.[0]?.message).not.toBe('Internal server error');
    expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    expect(t.upstream.calls).toEqual([]);
  });
});

describe('client mistakes', () => {
  it('keeps "Did you mean" suggestions, which name the schema, out of production answers', async () => {
    const query = '{ deployment(applicationId: "a", environmentId: "b", deploymentNumber: 1) { stat } }';
    const development = await (await t.gatewayWith()).query(query);
    const production = await (await t.gatewayWith({ production: true })).query(query);

    expect(development.body.errors?.[0]?.message).toContain('Did you mean "state"?');
    expect(production.body.errors?.[0]?.message).toBe('Cannot query field "stat" on type "Deployment".');
    expect(production.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('logs a client that aborts its request mid-body at debug level, not as an error', async () => {
    const { logger, lines } = capturingLogger();
    const gateway = await t.gatewayWith({ logger });

    const aborted = request(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
    aborted.on('error', () => undefined);
    aborted.write('{"query": "{ deploym');
    await expect.poll(() => t.upstream.calls.length === 0 && aborted.writableLength === 0).toBe(true);
    aborted.destroy();

    await expect.poll(() => lines.some((line) => line.msg === 'client aborted its request while sending the body')).toBe(true);
    expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    // The gateway still serves.
    expect((await gateway.query('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });
});
