import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:net';

/** Every process the benchmark started, so that a failure ends them too (by their PIDs). */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Remembers `child` until it exits, so that it is ended with this process. */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A TypeScript module of bench/ in a process of its own, in production mode, talking over IPC. */
export function forkTs(script: string, args: string[] = []): ChildProcess {
  return track(
    fork(new URL(script, import.meta.url), args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // As in production: graphql-js, among others, skips development-only checks.
      env: { ...process.env, NODE_ENV: 'production', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    }),
  );
}

/** Sends `send` (when given) to `child` and resolves with the next message it sends back. */
export function nextMessage<T>(child: ChildProcess, send?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`benchmark process exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
    if (send !== undefined) child.send(send as string);
  });
}

/** Ends `child` with `signal` and waits for it to exit. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

/** A free loopback port, for a program (redis-server) that must be told one up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
