import { describe, expect, it } from 'vitest';
import { useGatewayOverEmulator } from '../support/harness.js';

/** Over the sample data, which holds AWS's documented example. */
const t = useGatewayOverEmulator();

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(t.gateway.url, { method: 'POST', headers, body });

describe('HTTP endpoint', () => {
  it('answers a liveness check at /healthz', async () => {
    const response = await fetch(new URL('/healthz', t.gateway.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 404 with a pointer to /graphql for other paths', async () => {
    const response = await fetch(new URL('/nope', t.gateway.url));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('/graphql');
  });

  it('answers 400 BAD_REQUEST for a body that is not JSON', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Request body is not valid JSON, or not a JSON object.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('answers 413 for a body over 1 MiB without reading it all', async () => {
    const response = await post(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1024 * 1024)}` }));
    expect(response.status).toBe(413);
  });

  it('serves queries over GET', async () => {
    const url = new URL(t.gateway.url);
    url.searchParams.set('query', '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }');
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await response.json()).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
  });

  it("keeps Apollo's CSRF prevention: a simple GET without a preflight-forcing header is refused", async () => {
    const url = new URL(t.gateway.url);
    url.searchParams.set('query', '{ __typename }');
    const response = await fetch(url);
    expect(response.status).toBe(400);
  });
});
