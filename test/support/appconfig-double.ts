import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A deployment as AppConfig sends it on the wire: PascalCase members, ISO-8601 timestamp strings. */
export type WireDeployment = Record<string, unknown> & {
  ApplicationId: string;
  EnvironmentId: string;
  DeploymentNumber: number;
};

export type Operation = 'GetDeployment' | 'ListDeployments';

export interface RecordedCall {
  readonly operation: Operation;
  readonly applicationId: string;
  readonly environmentId: string;
  readonly deploymentNumber?: number;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

/** What the double does instead of answering normally. */
export type Fault =
  | { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly body?: Record<string, unknown> }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string }
  | { readonly kind: 'hang' }
  /** Sends the headers and the first bytes of a good answer, then nothing more, holding the socket open. */
  | { readonly kind: 'stall-body' }
  /** Resets the connection without answering. */
  | { readonly kind: 'reset' };

interface FaultRule {
  readonly match: (call: RecordedCall) => boolean;
  remaining: number;
  readonly fault: Fault;
}

/**
 * A stand-in for AppConfig's control plane speaking its REST-JSON wire format over loopback HTTP:
 * GetDeployment and ListDeployments over an in-memory set of wire documents, with a call log, an
 * in-flight high-water mark, optional latency and injectable faults.
 */
export class AppConfigDouble {
  readonly calls: RecordedCall[] = [];
  /** Every call counts here; `calls` keeps them only while `recordCalls` is on (benchmarks turn it off). */
  callCount = 0;
  recordCalls = true;
  maxInFlight = 0;
  /** Added to every answer, so that concurrent calls overlap observably. */
  latencyMs = 0;
  private inFlight = 0;
  private readonly deployments = new Map<string, WireDeployment>();
  private readonly faults: FaultRule[] = [];
  private readonly server = createServer((req, res) => this.handle(req, res));

  static async start(): Promise<AppConfigDouble> {
    const double = new AppConfigDouble();
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    return double;
  }

  /** Calls being answered right now. */
  get callsInFlight(): number {
    return this.inFlight;
  }

  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  put(...deployments: WireDeployment[]): this {
    for (const deployment of deployments) this.deployments.set(storeKey(deployment.ApplicationId, deployment.EnvironmentId, deployment.DeploymentNumber), deployment);
    return this;
  }

  /** Answers the next `times` calls that `match` with `fault` (every one when times is Infinity). */
  inject(fault: Fault, match: (call: RecordedCall) => boolean = () => true, times = Infinity): this {
    this.faults.push({ match, remaining: times, fault });
    return this;
  }

  callsTo(operation: Operation): RecordedCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  /** Clears the call log, the count and the in-flight high-water mark. */
  resetCounters(): void {
    this.calls.length = 0;
    this.callCount = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Clears the counters, the injected faults and the latency. */
  reset(): void {
    this.resetCounters();
    this.faults.length = 0;
    this.latencyMs = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const respond = () => this.route(req, res);
    if (this.latencyMs > 0) setTimeout(respond, this.latencyMs);
    else respond();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://double');
    // Split the raw path before decoding: an id may itself contain an encoded "/".
    const segments = (req.url ?? '/').split('?')[0]!.split('/').slice(1).map(decodeURIComponent);
    const [applications, applicationId, environments, environmentId, deployments, number] = segments;
    if (req.method !== 'GET' || applications !== 'applications' || environments !== 'environments' || deployments !== 'deployments' || applicationId === undefined || environmentId === undefined) {
      return sendError(res, 404, 'UnknownOperationException', { Message: `No route for ${req.method} ${req.url}` });
    }
    const call: RecordedCall = {
      operation: number === undefined ? 'ListDeployments' : 'GetDeployment',
      applicationId,
      environmentId,
      ...(number === undefined ? {} : { deploymentNumber: Number(number) }),
      query: url.searchParams,
      headers: req.headers,
    };
    this.callCount += 1;
    if (this.recordCalls) this.calls.push(call);

    const rule = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match(call));
    if (rule) {
      rule.remaining -= 1;
      return applyFault(res, rule.fault);
    }
    if (call.operation === 'GetDeployment') return this.getDeployment(res, call);
    return this.listDeployments(res, call);
  }

  private getDeployment(res: ServerResponse, call: RecordedCall): void {
    const deployment = this.deployments.get(storeKey(call.applicationId, call.environmentId, call.deploymentNumber!));
    if (!deployment) {
      return sendError(res, 404, 'ResourceNotFoundException', {
        Message: `Deployment ${call.deploymentNumber} does not exist`,
        ResourceName: String(call.deploymentNumber),
      });
    }
    sendJson(res, 200, deployment);
  }

  private listDeployments(res: ServerResponse, call: RecordedCall): void {
    const maxResults = Number(call.query.get('max_results') ?? 50);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      return sendError(res, 400, 'BadRequestException', { Message: `Value '${maxResults}' at 'maxResults' failed to satisfy constraint` });
    }
    const start = Number(call.query.get('next_token') ?? 0);
    const all = [...this.deployments.values()]
      .filter((d) => d.ApplicationId === call.applicationId && d.EnvironmentId === call.environmentId)
      .sort((a, b) => b.DeploymentNumber - a.DeploymentNumber);
    const page = all.slice(start, start + maxResults).map(toSummary);
    const next = start + maxResults < all.length ? String(start + maxResults) : undefined;
    sendJson(res, 200, { Items: page, ...(next === undefined ? {} : { NextToken: next }) });
  }
}

const SUMMARY_MEMBERS = [
  'DeploymentNumber', 'ConfigurationProfileId', 'ConfigurationName', 'ConfigurationVersion', 'DeploymentDurationInMinutes',
  'GrowthType', 'GrowthFactor', 'FinalBakeTimeInMinutes', 'State', 'PercentageComplete', 'StartedAt', 'CompletedAt', 'VersionLabel',
];

function toSummary(deployment: WireDeployment): Record<string, unknown> {
  const members = SUMMARY_MEMBERS.filter((member) => member in deployment).map((member): [string, unknown] => [member, deployment[member]]);
  return { ...Object.fromEntries(members), Type: 'USER' };
}

function storeKey(applicationId: string, environmentId: string, deploymentNumber: number): string {
  return JSON.stringify([applicationId, environmentId, deploymentNumber]);
}

function applyFault(res: ServerResponse, fault: Fault): void {
  switch (fault.kind) {
    case 'error':
      return sendError(res, fault.status, fault.errorType, fault.body ?? { Message: fault.errorType });
    case 'raw':
      res.writeHead(fault.status, { 'Content-Type': 'application/json' }).end(fault.body);
      return;
    case 'hang':
      return;
    case 'stall-body':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"ApplicationId": "');
      return;
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-RequestId': `req-${Math.random().toString(16).slice(2)}` });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, errorType: string, body: Record<string, unknown>): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'x-amzn-ErrorType': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.appconfig/`,
    'x-amzn-RequestId': `req-${Math.random().toString(16).slice(2)}`,
  });
  res.end(JSON.stringify(body));
}
