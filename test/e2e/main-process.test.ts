import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { latencyRule, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { scrape, total } from '../support/metrics.js';
import { startNpmScript, startProcess } from '../support/process.js';

/** The emulator over its sample data, which holds AWS's documented example. */
let upstream: TestEmulator;

beforeAll(async () => {
  upstream = await startTestEmulator();
});
beforeEach(() => {
  upstream.setFaults([]);
  upstream.resetCounters();
});
afterAll(() => upstream.close());

const awsEnvironment = () => ({
  APPCONFIG_SOURCE: 'aws',
  AWS_ENDPOINT_URL_APPCONFIG: upstream.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test-access-key',
  AWS_SECRET_ACCESS_KEY: 'test-secret-key',
  HOST: '127.0.0.1',
  PORT: '0',
});
const DOCUMENTED = JSON.stringify({
  query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state configurationLocationUri } }',
});
const SERVING = /serving GraphQL at (http:\/\/\S+\/graphql) from (.*)"/;

/** A POST on its own keep-alive connection, resolving with the status, the Connection header and the body. */
function post(url: string, agent: Agent, body: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the entry point (npm start)', () => {
  it('serves GraphQL from the endpoint in AWS_ENDPOINT_URL_APPCONFIG, naming it, and stops cleanly on SIGTERM', async () => {
    const gateway = startProcess('src/main.ts', awsEnvironment());
    try {
      const [, url, from] = await gateway.waitFor(SERVING);
      expect(from).toBe(`AppConfig at ${upstream.endpoint}/ (region us-east-1)`);
      const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: DOCUMENTED });
      expect(await response.json()).toEqual({ data: { deployment: { state: 'COMPLETE', configurationLocationUri: 'ssm-parameter://Example-Parameter' } } });
      expect(upstream.requestsTo('GetDeployment').at(-1)?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=test-access-key\//);
      expect(gateway.output()).toContain('Apollo Sandbox');
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it('on SIGTERM to npm, answers the request in flight with Connection: close, closes idle connections, and exits 0', async () => {
    const npm = startNpmScript('start', awsEnvironment());
    const [, url] = await npm.waitFor(SERVING, 30_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    try {
      // One kept-alive connection left idle, one request in flight.
      expect((await post(url!, agent, '{"query":"{ __typename }"}')).status).toBe(200);
      const idleSocketClosed = new Promise<void>((resolve) => {
        const [socket] = Object.values(agent.freeSockets).flat();
        socket?.once('close', () => resolve());
      });
      upstream.setFaults([latencyRule(1500)]);
      const inFlight = post(url!, new Agent({ keepAlive: true }), DOCUMENTED);
      await expect.poll(() => upstream.inFlight).toBe(1);

      npm.child.kill('SIGTERM');

      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { deployment: { state: 'COMPLETE', configurationLocationUri: 'ssm-parameter://Example-Parameter' } } });
      expect(answer.connection).toBe('close');
      await idleSocketClosed;
      expect(await npm.exited()).toBe(0);
      expect(npm.output()).toContain('"msg":"stopped"');
      // Nothing is left serving: the server was npm's child, not an orphan.
      await expect(fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: DOCUMENTED })).rejects.toThrow();
    } finally {
      agent.destroy();
      await npm.stop();
    }
  });

  it('reports every invalid variable at once and exits non-zero', async () => {
    const gateway = startProcess('src/main.ts', { ...awsEnvironment(), PORT: 'eighty', APPCONFIG_MAX_CONCURRENCY: '0', LOG_LEVEL: 'loud' });
    expect(await gateway.exited()).toBe(1);
    expect(gateway.output()).toContain('Invalid configuration');
    for (const name of ['PORT', 'APPCONFIG_MAX_CONCURRENCY', 'LOG_LEVEL']) expect(gateway.output()).toContain(`${name}=`);
  });

  it('exits with a clear message when no AWS region is configured', async () => {
    const { AWS_REGION: _region, ...withoutRegion } = awsEnvironment();
    const gateway = startProcess('src/main.ts', { ...withoutRegion, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
    expect(await gateway.exited()).toBe(1);
    expect(gateway.output()).toContain('No AWS region: set AWS_REGION');
  });

  describe('start-up failures: one line naming the variable to change, exit 1, no stack', () => {
    let occupied: Server;
    let occupiedPort: number;
    beforeAll(async () => {
      occupied = createServer();
      await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
      occupiedPort = (occupied.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => occupied.close(() => resolve())));

    it.each<[string, () => Record<string, string>, () => string]>([
      [
        'a port in use',
        () => ({ PORT: String(occupiedPort) }),
        () => `Invalid configuration: PORT=${occupiedPort}: 127.0.0.1:${occupiedPort} is already in use; set PORT to a free port (0 picks one).`,
      ],
      [
        'a REDIS_URL without a scheme',
        () => ({ REDIS_URL: 'localhost:6379' }),
        () => 'Invalid configuration: REDIS_URL="localhost:6379": must start with redis:// or rediss://, such as redis://127.0.0.1:6379',
      ],
      [
        'production without APPCONFIG_SOURCE',
        () => ({ NODE_ENV: 'production', APPCONFIG_SOURCE: '', AUTH_MODE: 'none' }),
        () =>
          'Invalid configuration: APPCONFIG_SOURCE must be set in production (NODE_ENV=production): "aws" to serve AppConfig, or "embedded" to serve the emulator\'s sample data on purpose.',
      ],
    ])('%s', async (_case, env, message) => {
      const gateway = startProcess('src/main.ts', { ...awsEnvironment(), ...env() });
      expect(await gateway.exited()).toBe(1);
      expect(gateway.output().trim()).toBe(message());
    });
  });

  it('in production, does not advertise Sandbox at start', async () => {
    const gateway = startProcess('src/main.ts', { ...awsEnvironment(), NODE_ENV: 'production', AUTH_MODE: 'none' });
    try {
      await gateway.waitFor(SERVING);
      expect(gateway.output()).not.toContain('Sandbox');
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});

describe('log formats (npm start)', () => {
  it('prints readable lines with LOG_FORMAT=pretty, and a "try it" command that runs as pasted', async () => {
    const gateway = startProcess('src/main.ts', { PORT: '0', LOG_FORMAT: 'pretty' });
    try {
      const [command] = await gateway.waitFor(/^curl -s .*'$/m, 30_000);
      expect(gateway.output()).toMatch(/INFO: appconfig-graph serving GraphQL at http:\/\/127\.0\.0\.1:\d+\/graphql/);
      expect(gateway.output()).not.toMatch(/^\{"level"/m);
      const { stdout } = await promisify(execFile)('sh', ['-c', command]);
      expect(JSON.parse(stdout)).toMatchObject({ data: { deployment: { state: 'COMPLETE' }, deployments: { edges: expect.any(Array) as unknown } } });
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 60_000);

  it('prints JSON lines when stdout is not a terminal', async () => {
    const gateway = startProcess('src/main.ts', { PORT: '0' });
    try {
      await gateway.waitFor(/serving GraphQL/, 30_000);
      const line = gateway
        .output()
        .split('\n')
        .find((candidate) => candidate.includes('serving GraphQL'));
      expect(JSON.parse(line!)).toMatchObject({ level: 30, service: 'appconfig-graph', auth: 'none', tracing: false });
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 60_000);
});

describe('metrics (npm start)', () => {
  it('moves to a port of its own with METRICS_PORT', async () => {
    const gateway = startProcess('src/main.ts', { PORT: '0', METRICS_PORT: '0' });
    try {
      const [, graphql] = await gateway.waitFor(/serving GraphQL at (http:\/\/\S+\/graphql)/, 30_000);
      const [, metrics] = await gateway.waitFor(/Metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics);/);
      expect(new URL(metrics!).port).not.toBe(new URL(graphql!).port);
      await fetch(graphql!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"query Hello { __typename }"}' });
      const samples = await scrape(metrics!);
      expect(total(samples, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: 'Hello', outcome: 'success' })).toBe(1);
      expect((await fetch(new URL('/metrics', graphql))).status).toBe(404);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 60_000);
});
