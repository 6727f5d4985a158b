import { Agent, request } from 'node:http';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { DeploymentKey } from '../src/model/deployment.js';
import { sleep } from './processes.js';

/**
 * The live benchmark's clients, in a process of their own (so that their work is neither the
 * gateway's nor the emulator's): each on a connection of its own, following one deployment, either
 * subscribed over graphql-ws or polling the same fields over HTTP every interval. Each records when
 * it first saw each value, a value being named by its newest event's time (simulated ms).
 * Driven by bench/live.ts over IPC: a StartClients message, then 'stop'.
 */

const FIELDS = 'deploymentNumber state percentageComplete eventLog { eventType occurredAt }';
const ARGUMENTS = '(applicationId: $a, environmentId: $e, deploymentNumber: $n)';
const VARIABLES = '($a: String!, $e: String!, $n: Int!)';
/** What a dashboard's progress view shows, pushed to subscribers and pulled by pollers. */
export const SUBSCRIPTION = `subscription${VARIABLES} { deploymentChanged${ARGUMENTS} { ${FIELDS} } }`;
export const POLL_QUERY = `query${VARIABLES} { deployment${ARGUMENTS} { ${FIELDS} } }`;

export interface StartClients {
  readonly mode: 'subscribe' | 'poll';
  /** The gateway's GraphQL endpoint. */
  readonly url: string;
  /** Client i follows targets[i % targets.length]. */
  readonly targets: readonly DeploymentKey[];
  readonly clients: number;
  /** How often a poller asks. */
  readonly intervalMs: number;
}

/** Every client has its first value (or failed to get it). */
export interface ClientsStarted {
  readonly started: number;
  readonly failed: number;
}

/** When a client first saw each value: [epoch ms, newest event's simulated ms]. */
export type Sighting = readonly [seenAt: number, newestEventAt: number];

export interface ClientsReport {
  /** Per client, in order: its sightings, oldest first. */
  readonly sightings: ReadonlyArray<readonly Sighting[]>;
  /** Answers received: events for subscribers, polls for pollers. */
  readonly answers: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
}

interface DeploymentView {
  readonly eventLog?: ReadonlyArray<{ readonly occurredAt: string }> | null;
}

/** One client's record of what it saw. */
class Follower {
  readonly sightings: Sighting[] = [];
  private newest = Number.NEGATIVE_INFINITY;

  see(deployment: DeploymentView | null | undefined, seenAt: number): void {
    const newest = Math.max(...(deployment?.eventLog ?? []).map((event) => Date.parse(event.occurredAt)));
    if (newest > this.newest) {
      this.newest = newest;
      this.sightings.push([seenAt, newest]);
    }
  }
}

const tally = { answers: 0, errors: 0, errorSamples: [] as string[] };
function failed(error: unknown): void {
  tally.errors += 1;
  if (tally.errorSamples.length < 5) tally.errorSamples.push(error instanceof Error ? error.message : JSON.stringify(error).slice(0, 300));
}

const variablesOf = (target: DeploymentKey) => ({ a: target.applicationId, e: target.environmentId, n: target.deploymentNumber });

/**
 * Clients start this many at a time, each batch once the last has its first value: a fleet of browsers
 * does not arrive in one instant, and a thousand connections at once would overflow the gateway's
 * listen backlog (511), leaving some to the kernel's SYN retries for tens of seconds.
 */
const START_BATCH = 50;

async function inBatches(count: number, startOne: (i: number) => Promise<void>): Promise<void> {
  for (let first = 0; first < count; first += START_BATCH) {
    await Promise.all(Array.from({ length: Math.min(START_BATCH, count - first) }, (_, offset) => startOne(first + offset)));
  }
}

async function subscribeAll(start: StartClients, followers: Follower[]): Promise<{ stop: () => void; started: ClientsStarted }> {
  const clients: Client[] = [];
  let failures = 0;
  await inBatches(
    start.clients,
    (i) =>
      new Promise<void>((resolve) => {
        const client = createClient({ url: start.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
        clients.push(client);
        client.subscribe<{ deploymentChanged: DeploymentView | null }>(
          { query: SUBSCRIPTION, variables: variablesOf(start.targets[i % start.targets.length]!) },
          {
            next: (result) => {
              const seenAt = Date.now();
              tally.answers += 1;
              if (result.errors) failed(result.errors);
              followers[i]!.see(result.data?.deploymentChanged, seenAt);
              resolve();
            },
            error: (error) => {
              failed(error);
              failures += 1;
              resolve();
            },
            complete: resolve,
          },
        );
      }),
  );
  return { stop: () => clients.forEach((client) => void client.dispose()), started: { started: start.clients - failures, failed: failures } };
}

/** POSTs `body` on `agent`'s connection and resolves with the parsed answer. */
function post(url: URL, agent: Agent, body: string): Promise<{ data?: { deployment?: DeploymentView | null }; errors?: unknown[] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function pollAll(start: StartClients, followers: Follower[]): Promise<{ stop: () => Promise<void>; started: ClientsStarted }> {
  const url = new URL(start.url);
  let stopped = false;
  const loops: Array<Promise<void>> = [];
  await inBatches(start.clients, async (i) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({ query: POLL_QUERY, variables: variablesOf(start.targets[i % start.targets.length]!) });
    const pollOnce = async () => {
      try {
        const result = await post(url, agent, body);
        const seenAt = Date.now();
        tally.answers += 1;
        if (result.errors) failed(result.errors);
        followers[i]!.see(result.data?.deployment, seenAt);
      } catch (error) {
        failed(error);
      }
    };
    await pollOnce();
    loops.push(
      (async () => {
        // Each client at its own phase of the interval, as independent clients would be.
        await sleep(Math.random() * start.intervalMs);
        while (!stopped) {
          const started = Date.now();
          await pollOnce();
          await sleep(Math.max(0, started + start.intervalMs - Date.now()));
        }
        agent.destroy();
      })(),
    );
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
    started: { started: start.clients, failed: 0 },
  };
}

let stop: (() => void | Promise<void>) | undefined;
let followers: Follower[] = [];
process.on('message', (message: StartClients | 'stop') => {
  void (async () => {
    if (message === 'stop') {
      await stop?.();
      const report: ClientsReport = { sightings: followers.map((follower) => follower.sightings), ...tally };
      process.send?.(report);
      return;
    }
    followers = Array.from({ length: message.clients }, () => new Follower());
    const running = message.mode === 'subscribe' ? await subscribeAll(message, followers) : await pollAll(message, followers);
    stop = running.stop;
    process.send?.(running.started);
  })();
});
