import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useGatewayOverEmulator } from '../support/harness.js';

/** Over the sample data, which holds AWS's documented example. */
const t = useGatewayOverEmulator();

const QUERY = JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }' });
const post = (body: Buffer | string, encoding?: string) =>
  fetch(t.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(encoding ? { 'content-encoding': encoding } : {}) }, body });

describe('compressed request bodies (routers compress subgraph requests)', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('answers a %s body', async (encoding, compress) => {
    const response = await post(compress(Buffer.from(QUERY)), encoding);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
  });

  it('refuses a small body that inflates past the limit with 413, without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);

    const response = await post(bomb, 'gzip');

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Request body is larger than 1048576 bytes (after decompression).', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(t.upstream.calls).toEqual([]);
  });

  it('answers 415 for an encoding it cannot read', async () => {
    const response = await post(Buffer.from(QUERY), 'compress');
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers 400 for a body that claims gzip but is not', async () => {
    const response = await post(QUERY, 'gzip');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});
