import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { type ContentValidation, createContentValidation } from './content-validation.js';
import { EmulatorError } from './errors.js';
import { CONTROL_PATH, handleFaultControl } from './faults/control.js';
import { type FaultDecision, FaultInjector } from './faults/injector.js';
import { listen } from './listen.js';
import type { ServiceModel } from './model.js';
import { createOperations, type EmulatedOperation } from './operations/index.js';
import { createPaginator } from './pagination.js';
import { compileRoutes, matchRoute, parseInput, writeError, writeOutput } from './protocol.js';
import type { EmulatorState } from './state.js';

/** An AppConfig request as routed: its operation, URI labels (by the model's names), query and headers. */
export interface ObservedRequest {
  readonly operation: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** When it arrived (epoch ms, real time), for tests that measure call rates. */
  readonly receivedAt: number;
}

/** Told of every AppConfig request the emulator routes (faulted ones included); tests count calls with it. */
export interface RequestObserver {
  requestStarted?(request: ObservedRequest): void;
  /** When the exchange is over: answered, failed, or the connection gone. */
  requestEnded?(request: ObservedRequest): void;
}

export interface EmulatorDeps {
  /** AppConfig's API model, read once at start-up (loadServiceModel). */
  readonly model: ServiceModel;
  readonly state: EmulatorState;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The fault rules; none unless given. The control endpoint changes them while it runs. */
  readonly faults?: FaultInjector;
  /** How content is checked; the seed's (it compiles JSON Schemas once) when given. */
  readonly validation?: ContentValidation;
  readonly observer?: RequestObserver;
}

export interface Emulator {
  readonly server: Server;
  readonly faults: FaultInjector;
  /** Starts listening; resolves with the endpoint URL to give an AppConfig client. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** AppConfig allows hosted configurations of up to 2 MB; anything larger is refused unread. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** An AppConfig-compatible control-plane endpoint over `state`, speaking REST-JSON as the model defines it. */
export function createEmulator({
  model,
  state,
  clock,
  logger,
  faults = new FaultInjector(),
  validation = createContentValidation(),
  observer,
}: EmulatorDeps): Emulator {
  const routes = compileRoutes(model);
  const operations = createOperations({ model, state, clock, paginator: createPaginator(), validation });

  /**
   * The handler of an operation the emulator serves. The cast is the protocol's promise: parseInput
   * checked the input against the operation's input shape, which the SDK's CommandInput is generated from.
   */
  const handlerOf = (name: string) =>
    Object.hasOwn(operations, name) ? (operations[name as EmulatedOperation] as unknown as (input: Record<string, unknown>) => object) : undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
    if (rawPath === CONTROL_PATH) return handleFaultControl(req, res, faults);
    const method = req.method ?? 'GET';
    const match = matchRoute(routes, method, rawPath);
    if (!match) {
      req.resume();
      throw new EmulatorError('UnknownOperationException', `No AppConfig operation is ${method} ${rawPath}.`);
    }
    const operation = match.operation.name;
    const query = new URLSearchParams(rawQuery);
    const observed: ObservedRequest = { operation, labels: match.labels, query, headers: req.headers, receivedAt: Date.now() };
    observer?.requestStarted?.(observed);
    res.once('close', () => observer?.requestEnded?.(observed));

    const decision = faults.decide({ operation, ids: Object.values(match.labels) });
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.fault) return injectFault(req, res, decision.fault);

    const handler = handlerOf(operation);
    if (!handler) {
      req.resume();
      throw new EmulatorError('NotImplementedException', `The AppConfig emulator does not implement ${operation}.`);
    }
    const body = await readBody(req);
    const input = parseInput(model, match.operation, { labels: match.labels, query, headers: req.headers, body });
    writeOutput(res, model, match.operation, handler(input));
    logger.debug({ operation }, 'emulator answered');
  }

  /** Answers, or fails to answer, as the fault says. */
  function injectFault(req: IncomingMessage, res: ServerResponse, fault: NonNullable<FaultDecision['fault']>): void {
    req.resume();
    switch (fault.kind) {
      case 'throttle':
        return writeError(res, model, new EmulatorError('ThrottlingException', 'Rate exceeded'));
      case 'error':
        return writeError(
          res,
          model,
          fault.status === 500
            ? new EmulatorError('InternalServerException', 'We encountered an internal error. Please try again. (injected by EMULATOR_FAULTS)')
            : new EmulatorError('ServiceUnavailableException', 'Service unavailable. Please try again. (injected by EMULATOR_FAULTS)'),
        );
      case 'stall':
        // Headers promise a body that never comes: the client's read timeout is what ends the exchange.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1048576' });
        res.flushHeaders();
        return;
      case 'hang':
        // Nothing at all: the client's request timeout is what ends the exchange.
        return;
      case 'malformed':
        res.writeHead(200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': randomUUID() }).end('{"Items": [ this is not JSON');
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'answer':
        res
          .writeHead(fault.status, {
            'Content-Type': 'application/json',
            'x-amzn-RequestId': randomUUID(),
            ...(fault.errorType === undefined ? {} : { 'x-amzn-ErrorType': fault.errorType }),
          })
          .end(fault.body);
        return;
    }
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
    faults,
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
      throw new EmulatorError('PayloadTooLargeException', 'The request body is larger than 2 MB.', {
        Measure: 'KILOBYTES',
        Limit: 2048,
        Size: Math.ceil(size / 1024),
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
