import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, polling until `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
  /** Ends the process (by its PID, through the ChildProcess handle) and waits for it. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a TypeScript entry point of this project the way `npm start` does, with exactly `env`. */
export function startProcess(script: string, env: Record<string, string>, args: string[] = []): RunningProcess {
  return spawnWithOutput(process.execPath, ['--import', 'tsx', script, ...args], env);
}

/** Runs `npm run <script>` in the project, as a user or a process manager would, with exactly `env`. */
export function startNpmScript(script: string, env: Record<string, string>): RunningProcess {
  return spawnWithOutput('npm', ['run', '--silent', script], env);
}

/** Runs a program an npm package of the project installs (node_modules/.bin), as `npx` would, with exactly `env`. */
export function startPackageBin(name: string, args: string[], env: Record<string, string>): RunningProcess {
  return spawnWithOutput(join(PROJECT_ROOT, 'node_modules', '.bin', name), args, env);
}

function spawnWithOutput(command: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A program that cannot be started (not installed) emits 'error' and no 'exit': fail at once rather than at a deadline.
  let startError: Error | undefined;
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      startError = error;
      resolve(null);
    });
  });

  return {
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (startError) throw new Error(`${command} could not be started: ${startError.message}`);
        if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    exited: () => exit,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && !startError) child.kill(signal);
      return exit;
    },
  };
}

/** A free loopback port, for a program (redis-server, moto_server) that must be told one up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
