import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { freePort, startPackageBin } from './process.js';

/** The gateway.config.ts docs/live-updates.md shows: queries over HTTP, subscriptions over graphql-ws, the client's token passed on. */
export const HIVE_GATEWAY_CONFIG = 'test/fixtures/hive-gateway/gateway.config.ts';

export interface HiveGateway {
  /** Its GraphQL endpoint, `http://127.0.0.1:<port>/graphql`: queries, SSE and WebSocket subscriptions alike. */
  readonly url: string;
  /** Everything it has logged so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Composes a supergraph of one subgraph, `appconfig` at `subgraphUrl` with schema `sdl`, as
 * `rover supergraph compose` does, and serves it as Hive Gateway's users do: `hive-gateway supergraph`
 * with the project's gateway.config.ts, on a free loopback port.
 */
export async function startHiveGateway(subgraphUrl: URL | string, sdl: string): Promise<HiveGateway> {
  const composition = composeServices([{ name: 'appconfig', typeDefs: parse(sdl), url: String(subgraphUrl) }]);
  if (composition.errors) throw new Error(`Composition failed:\n${composition.errors.map((error) => error.toString()).join('\n')}`);
  const workDir = mkdtempSync(join(tmpdir(), 'hive-gateway-'));
  const supergraph = join(workDir, 'supergraph.graphql');
  writeFileSync(supergraph, composition.supergraphSdl);

  const port = await freePort();
  const router = startPackageBin(
    'hive-gateway',
    ['supergraph', supergraph, '--config-path', HIVE_GATEWAY_CONFIG, '--host', '127.0.0.1', '--port', String(port)],
    {},
  );
  const stop = async () => {
    await router.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    // It loads a large dependency tree before it listens: generous, for a loaded machine.
    await router.waitFor(/Listening on http:\/\/127\.0\.0\.1:\d+/, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/graphql`, output: () => router.output(), stop };
}
