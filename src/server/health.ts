import type { ServerResponse } from 'node:http';
import type { UpstreamCall, UpstreamObserver } from '../appconfig/observer.js';
import type { Clock } from '../clock.js';
import { ErrorCode, errorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { HttpRoute } from './observers.js';

export const LIVENESS_PATH = '/healthz';
export const READINESS_PATH = '/readyz';

/** One condition the gateway needs to serve, named for the logs. */
export interface ReadinessCheck {
  readonly name: string;
  ready(): Promise<boolean>;
}

export interface HealthOptions {
  readonly checks: readonly ReadinessCheck[];
  /** True once the gateway is shutting down: it is then no longer ready, so load balancers stop sending. */
  readonly draining: () => boolean;
  readonly logger: Logger;
}

/**
 * `GET /healthz`: the process answers (liveness; nothing else is checked, so a failing dependency
 * never gets the process restarted). `GET /readyz`: every check passes and the gateway is not
 * draining. Both answer only GET and HEAD, are never cached and say no more than their status: why a
 * check fails goes to the log, once when it starts failing and once when it passes again.
 */
export function healthRoute(options: HealthOptions): HttpRoute {
  const failing = new Set<string>();

  async function readiness(): Promise<boolean> {
    if (options.draining()) return false;
    const results = await Promise.all(options.checks.map(async (check) => ({ name: check.name, ready: await check.ready().catch(() => false) })));
    for (const { name, ready } of results) {
      if (!ready && !failing.has(name)) {
        failing.add(name);
        options.logger.warn({ check: name }, `not ready: ${name} check failing`);
      } else if (ready && failing.delete(name)) {
        options.logger.info({ check: name }, `${name} check passing again`);
      }
    }
    return results.every((result) => result.ready);
  }

  return (req, res, path) => {
    if (path !== LIVENESS_PATH && path !== READINESS_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      writeStatus(res, 405, { status: 'method not allowed' });
      return true;
    }
    if (path === LIVENESS_PATH) {
      writeStatus(res, 200, { status: 'ok' });
      return true;
    }
    readiness().then(
      (ready) => writeStatus(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unready' }),
      (error: unknown) => {
        options.logger.error({ err: error }, 'readiness check failed unexpectedly');
        writeStatus(res, 503, { status: 'unready' });
      },
    );
    return true;
  };
}

function writeStatus(res: ServerResponse, status: number, body: Record<string, string>): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/** Outcomes that show AppConfig answered and accepted the gateway's credentials. */
const ANSWERED: ReadonlySet<UpstreamCall['outcome']> = new Set(['ok', 'not_found', 'bad_request', 'throttled']);
/** Public codes of a probe's failure that still show AppConfig answered (throttling is transient, and not the replica's fault). */
const ANSWERED_CODES: ReadonlySet<unknown> = new Set([ErrorCode.NOT_FOUND, ErrorCode.BAD_USER_INPUT, ErrorCode.UPSTREAM_THROTTLED]);

export interface AppConfigReachabilityOptions {
  readonly clock: Clock;
  /** How long an answer from AppConfig keeps the gateway ready without a probe. */
  readonly freshForMs: number;
}

/**
 * Whether AppConfig is reachable with the gateway's credentials: it answered a call within the last
 * `freshForMs` (learnt as an UpstreamObserver, so a busy gateway never probes), or else it answers a
 * cheap probe now. Refused credentials and failures (5xx, timeouts, no connection) count against it;
 * calls the request gave up on (aborted) do not count at all.
 */
export class AppConfigReachability implements UpstreamObserver {
  private lastAnswer: number | undefined;
  private lastFailure: number | undefined;
  private probing: Promise<boolean> | undefined;

  constructor(private readonly options: AppConfigReachabilityOptions) {}

  onCall(call: UpstreamCall): void {
    if (ANSWERED.has(call.outcome)) this.lastAnswer = this.options.clock.now();
    else if (call.outcome !== 'aborted') this.lastFailure = this.options.clock.now();
  }

  onAttempt(): void {}

  onAdmission(): void {}

  /** True when AppConfig answered lately (and has not failed since), else what `probe` shows; one probe at a time. */
  reachable(probe: () => Promise<unknown>): Promise<boolean> {
    const now = this.options.clock.now();
    const recent = this.lastAnswer !== undefined && now - this.lastAnswer < this.options.freshForMs;
    if (recent && (this.lastFailure === undefined || this.lastFailure < (this.lastAnswer ?? 0))) return Promise.resolve(true);
    this.probing ??= probe()
      .then(
        () => true,
        (error: unknown) => ANSWERED_CODES.has(errorCode(error)),
      )
      .then((answered) => {
        if (answered) this.lastAnswer = this.options.clock.now();
        return answered;
      })
      .finally(() => (this.probing = undefined));
    return this.probing;
  }
}

/** `name` ready while `reachable` says so: the shape of the Redis check (its client reconnects by itself). */
export function readinessCheck(name: string, ready: () => boolean | Promise<boolean>): ReadinessCheck {
  return { name, ready: () => Promise.resolve(ready()) };
}
