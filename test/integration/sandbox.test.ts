import { describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

const { gatewayWith } = useEmulatorWithGatewaysPerTest();

const SANDBOX = 'https://studio.apollographql.com';
const landingPage = async (gateway: TestGateway) => (await fetch(gateway.url, { headers: { accept: 'text/html' } })).text();
const introspect = (gateway: TestGateway) => gateway.query('{ __schema { queryType { name } } }');

describe('Apollo Sandbox', () => {
  it('is the landing page in development: embedded, on this endpoint, opening on the example query', async () => {
    const html = await landingPage(await gatewayWith({}));
    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain('initialEndpoint');
    expect(html).toContain('DocumentedExample');
    expect(html).toContain('339ohji');
  });

  it('gives way to the production landing page in production', async () => {
    const html = await landingPage(await gatewayWith({ production: true }));
    expect(html).toContain('apollo-server-landing-page');
    expect(html).not.toContain('initialEndpoint');
    expect(html).not.toContain('DocumentedExample');
  });

  it('can introspect in development; not in production unless GRAPHQL_INTROSPECTION=true', async () => {
    expect((await introspect(await gatewayWith({}))).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const closed = await introspect(await gatewayWith({ production: true }));
    expect(closed.body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const opened = await introspect(await gatewayWith({ production: true, env: { GRAPHQL_INTROSPECTION: 'true' } }));
    expect(opened.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it("answers hosted Sandbox's CORS preflight and request in development", async () => {
    const gateway = await gatewayWith({});
    const preflight = await fetch(gateway.url, {
      method: 'OPTIONS',
      headers: {
        origin: SANDBOX,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,apollographql-client-name,apollographql-client-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SANDBOX);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apollographql-client-name');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const request = await fetch(gateway.url, {
      method: 'POST',
      headers: { origin: SANDBOX, 'content-type': 'application/json', 'apollographql-client-name': 'Apollo Sandbox' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(request.headers.get('access-control-allow-origin')).toBe(SANDBOX);
    expect(await request.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('allows local pages on any port in development, nothing else', async () => {
    const gateway = await gatewayWith({});
    const from = async (origin: string) =>
      (await fetch(gateway.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).headers.get(
        'access-control-allow-origin',
      );
    expect(await from('http://localhost:5173')).toBe('http://localhost:5173');
    expect(await from('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(await from('https://evil.example')).toBeNull();
    expect(await from('http://localhost.evil.example')).toBeNull();
  });

  it('allows no origin in production by default, and exactly CORS_ORIGINS when set', async () => {
    const closed = await gatewayWith({ production: true });
    const post = (gateway: TestGateway, origin: string) =>
      fetch(gateway.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect((await post(closed, SANDBOX)).headers.get('access-control-allow-origin')).toBeNull();

    const listed = await gatewayWith({ production: true, env: { CORS_ORIGINS: 'https://dash.example.com' } });
    expect((await post(listed, 'https://dash.example.com')).headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect((await post(listed, SANDBOX)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
