import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { listen } from '../server/listen.js';
import type { Clock } from './clock.js';
import { EmulatorError } from './errors.js';
import type { ServiceModel } from './model.js';
import { createOperations } from './operations.js';
import { compileRoutes, matchRoute, parseInput, writeError, writeOutput } from './protocol.js';
import type { EmulatorState } from './state.js';

export interface EmulatorDeps {
  /** AppConfig's API model, read once at start-up (loadServiceModel). */
  readonly model: ServiceModel;
  readonly state: EmulatorState;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Told the name of every operation the emulator answers (or refuses); tests count calls with it. */
  readonly observe?: (operation: string) => void;
}

export interface Emulator {
  readonly server: Server;
  /** Starts listening; resolves with the endpoint URL to give an AppConfig client. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** AppConfig allows hosted configurations of up to 2 MB; anything larger is refused unread. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** An AppConfig-compatible control-plane endpoint over `state`, speaking REST-JSON as the model defines it. */
export function createEmulator({ model, state, clock, logger, observe }: EmulatorDeps): Emulator {
  const routes = compileRoutes(model);
  const operations = createOperations(state, clock);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
    const method = req.method ?? 'GET';
    const match = matchRoute(routes, method, rawPath);
    if (!match) {
      req.resume();
      throw new EmulatorError('UnknownOperationException', `No AppConfig operation is ${method} ${rawPath}.`);
    }
    observe?.(match.operation.name);
    const handler = operations[match.operation.name];
    if (!handler) {
      req.resume();
      throw new EmulatorError('NotImplementedException', `The AppConfig emulator does not implement ${match.operation.name}.`);
    }
    const body = await readBody(req);
    const input = parseInput(model, match.operation, { labels: match.labels, query: new URLSearchParams(rawQuery), headers: req.headers, body });
    writeOutput(res, model, match.operation, handler(input) as Record<string, unknown>);
    logger.debug({ operation: match.operation.name }, 'emulator answered');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof EmulatorError) return writeError(res, model, error);
      logger.error({ err: error }, 'emulator failed to answer');
      writeError(res, model, new EmulatorError('InternalServerException', 'The emulator failed to answer this request.'));
    });
  });

  return {
    server,
    listen: (port, host) => listen(server, port, host),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new EmulatorError('PayloadTooLargeException', 'The request body is larger than 2 MB.', { Measure: 'KILOBYTES', Limit: 2048, Size: Math.ceil(size / 1024) });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
