import { Agent } from 'node:http';
import { AppConfigClient, CreateDeploymentStrategyCommand, StartDeploymentCommand } from '@aws-sdk/client-appconfig';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { pino } from 'pino';
import { ManualClock } from '../../src/emulator/clock.js';
import { createContentValidation } from '../../src/emulator/content-validation.js';
import { FaultInjector } from '../../src/emulator/faults/injector.js';
import type { FaultRule, FaultRuleInput } from '../../src/emulator/faults/rules.js';
import { loadServiceModel } from '../../src/emulator/model.js';
import { readSeedFile, SAMPLE_SEED_FILE, type SeedFile, seedState } from '../../src/emulator/seed.js';
import { createEmulator, type ObservedRequest } from '../../src/emulator/server.js';
import type { EmulatorState } from '../../src/emulator/state.js';

export interface TestEmulatorOptions {
  /** Fault rules from the start, of the type EMULATOR_FAULTS and the control endpoint use. */
  readonly faults?: readonly FaultRuleInput[];
  /** Where fault rates draw from (Math.random unless given), so a test can make a rate deterministic. */
  readonly random?: () => number;
  /** Where quota faults (`throttle above=N/s`) read the time in milliseconds (real time unless given), so a test can hold it still. */
  readonly now?: () => number;
}

export interface TestEmulator {
  readonly endpoint: string;
  readonly clock: ManualClock;
  readonly state: EmulatorState;
  /** A real SDK client pointed at the emulator, without retries. */
  readonly client: AppConfigClient;
  /** Operations requested since the last reset, in order, faulted ones included. */
  readonly calls: string[];
  callsTo(operation: string): number;
  /** The same requests with their URI labels, query and headers, for tests that assert what was asked. */
  readonly requests: ObservedRequest[];
  requestsTo(operation: string): ObservedRequest[];
  /** The deployment numbers of the GetDeployment requests, in order. */
  requestedDeployments(): number[];
  /** Requests being answered right now, and the most there were at once since the last reset. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Clears the call logs and the in-flight high-water mark. */
  resetCounters(): void;
  /** Replaces the fault rules (an empty list removes them all). */
  setFaults(rules: readonly FaultRuleInput[]): void;
  faults(): FaultRule[];
  close(): Promise<void>;
}

/** 2026-11-26T12:00:00Z: the manual clock's start, so seeded relative times are reproducible. */
export const TEST_EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);

/** The emulator on an ephemeral loopback port, on a manual clock, seeded with `seed` (the sample data by default). */
export async function startTestEmulator(seed: SeedFile = readSeedFile(SAMPLE_SEED_FILE), options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const clock = new ManualClock(TEST_EPOCH);
  const model = loadServiceModel();
  const validation = createContentValidation();
  const state = seedState(model, validation, seed, clock.now());
  const faults = new FaultInjector(options.faults, options.random, options.now);
  const calls: string[] = [];
  const requests: ObservedRequest[] = [];
  const counters = { inFlight: 0, maxInFlight: 0 };
  const emulator = createEmulator({
    model,
    state,
    clock,
    validation,
    faults,
    logger: pino({ level: 'silent' }),
    observer: {
      requestStarted(request) {
        calls.push(request.operation);
        requests.push(request);
        counters.inFlight += 1;
        counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
      },
      requestEnded() {
        counters.inFlight -= 1;
      },
    },
  });
  const endpoint = await emulator.listen(0, '127.0.0.1');
  const client = new AppConfigClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' },
    maxAttempts: 1,
    // A connection per call: with one attempt, reusing a socket the emulator has just closed (after a
    // reset or stall fault) would fail the next test's call.
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false }) }),
  });
  return {
    endpoint,
    clock,
    state,
    client,
    calls,
    callsTo: (operation) => calls.filter((call) => call === operation).length,
    requests,
    requestsTo: (operation) => requests.filter((request) => request.operation === operation),
    requestedDeployments: () =>
      requests.filter((request) => request.operation === 'GetDeployment').map((request) => Number(request.labels['DeploymentNumber'])),
    get inFlight() {
      return counters.inFlight;
    },
    get maxInFlight() {
      return counters.maxInFlight;
    },
    resetCounters() {
      calls.length = 0;
      requests.length = 0;
      counters.maxInFlight = counters.inFlight;
    },
    setFaults: (rules) => faults.replace(rules),
    faults: () => faults.current(),
    async close() {
      client.destroy();
      await emulator.close();
    },
  };
}

/** A fault rule that delays every answer by `ms` (or only those of `operations`): AppConfig's latency, for tests that need calls to overlap. */
export function latencyRule(ms: number, operations?: readonly string[]): FaultRuleInput {
  return { fault: { kind: 'latency', minMs: ms, maxMs: ms }, ...(operations ? { operations: [...operations] } : {}) };
}

/** Resolves once `condition` holds, checking every 10 ms; fails after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface LinearDeploymentOptions {
  readonly name: string;
  /** Minutes of bake after the last step (the documented example has 3). */
  readonly bakeMinutes: number;
}

/**
 * Starts a deployment in the documented example's environment (339ohji/54j1r29) with a strategy of its
 * own: LINEAR, 25% a step over 15 minutes, then `bakeMinutes` of bake. Resolves with its number.
 */
export async function startLinearDeployment(emulator: TestEmulator, { name, bakeMinutes }: LinearDeploymentOptions): Promise<number> {
  const strategy = await emulator.client.send(
    new CreateDeploymentStrategyCommand({
      Name: `${name}-${Date.now()}`,
      DeploymentDurationInMinutes: 15,
      GrowthFactor: 25,
      GrowthType: 'LINEAR',
      FinalBakeTimeInMinutes: bakeMinutes,
    }),
  );
  const started = await emulator.client.send(
    new StartDeploymentCommand({
      ApplicationId: '339ohji',
      EnvironmentId: '54j1r29',
      DeploymentStrategyId: strategy.Id,
      ConfigurationProfileId: 'ur8hx2f',
      ConfigurationVersion: '1',
    }),
  );
  return started.DeploymentNumber!;
}
