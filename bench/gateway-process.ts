import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACCOUNT_ID, REGION } from '../src/emulator/arn.js';
import { freePort, sleep, stopChild, track } from './processes.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The gateway as it runs in production (`npm start`'s entry point), in a process of its own. */
export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Its GraphQL endpoint. */
  readonly url: URL;
  /** Its Prometheus metrics. */
  readonly metricsUrl: URL;
  /** The last 64 KB it printed, for a failure's report. */
  output(): string;
}

/** A gateway starting on a loaded machine (three at once, tsx compiling each) can take tens of seconds. */
const START_TIMEOUT_MS = 120_000;

/**
 * Starts src/main.ts against the AppConfig at `endpoint` (APPCONFIG_SOURCE=aws, any credentials, a
 * free loopback port), with exactly `env` beside that; resolves once it is ready (GET /readyz answers
 * 200). The port is chosen here, not read from its log, so that any LOG_LEVEL will do.
 */
export async function startGatewayProcess(endpoint: string, env: Readonly<Record<string, string>>): Promise<GatewayProcess> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '/tmp',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        APPCONFIG_SOURCE: 'aws',
        AWS_ENDPOINT_URL_APPCONFIG: endpoint,
        AWS_REGION: REGION,
        // The emulator's account: without it the gateway would ask STS, off loopback, on its first read of tags.
        APPCONFIG_ACCOUNT_ID: ACCOUNT_ID,
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = new URL(`http://127.0.0.1:${port}/graphql`);
  const readiness = new URL('/readyz', url);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the gateway exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`the gateway was not ready within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    const ready = await fetch(readiness, { signal: AbortSignal.timeout(5000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { child, pid: child.pid!, url, metricsUrl: new URL('/metrics', url), output: () => output };
    await sleep(100);
  }
}

/** The resident set of process `pid`, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(status, 'utf8'))?.[1];
  return kib === undefined ? undefined : Number(kib) / 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time process `pid` has used so far (user and system), in ms, from /proc (Linux; in clock ticks, 10 ms each by default). */
export function cpuMs(pid: number): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  // The command name, in parentheses, may hold spaces: the fields that follow are counted from its end.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime: fields 14 and 15 of stat(5), 12 and 13 after the command.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
