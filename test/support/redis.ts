import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** REDIS_URL of the Redis that .ci/run starts, when there is one. */
export const REDIS_URL = process.env['REDIS_URL'];
if (!REDIS_URL) console.warn('Skipping the tests that share one Redis between gateways: REDIS_URL is not set (.ci/run starts redis-server and sets it).');

export const redisServerAvailable = spawnSync('redis-server', ['--version']).error === undefined;
if (!redisServerAvailable) console.warn("Skipping the Redis outage test: no `redis-server` on PATH (.ci/run installs Debian's redis-server).");

/** A redis-server of the test's own, on `port`, that the test may stop and start again. */
export class OwnRedis {
  private process: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let output = '';
    this.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!output.includes('Ready to accept connections')) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on ${this.port}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Ends the server by its PID and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
