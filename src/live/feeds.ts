import type { Deployment } from '@aws-sdk/client-appconfig';
import { decodeValue, encodeValue } from '../cache/codec.js';
import { ErrorCode, errorCode, gatewayError } from '../errors.js';
import type { Loaders } from '../loaders/index.js';
import { isFinalState } from '../model/deployment-states.js';
import type { DeploymentKey, DeploymentParent } from '../model/deployment.js';
import type { Change, PollOutcome, WatchCodec, WatchHub } from './watch-hub.js';
import { WatchGoneError } from './watch-hub.js';

export interface EnvironmentKey {
  readonly applicationId: string;
  readonly environmentId: string;
}

/** What subscriptions follow: each feed starts with the current value and goes on with every change. */
export interface LiveFeeds {
  /** A deployment, until it is final. Rejects with NOT_FOUND when it does not exist. */
  deployment(key: DeploymentKey): Promise<AsyncIterableIterator<DeploymentParent>>;
  /** The newest deployment of an environment (null while it has none), for as long as it is followed. */
  latest(environment: EnvironmentKey): Promise<AsyncIterableIterator<DeploymentParent | null>>;
}

export interface LiveFeedsDeps {
  readonly hub: WatchHub;
  /**
   * Loaders for one read: through the cache (`refresh` false: a subscription's first value), or
   * asking AppConfig and refreshing the cache (`refresh` true: a watcher's poll, which so keeps the
   * cache warm for queries about watched deployments).
   */
  readonly loaders: (refresh: boolean) => Loaders;
}

/** What tells one deployment from its previous look: the members that move while it runs. */
function fingerprintOf(deployment: Deployment): string {
  return JSON.stringify([
    deployment.DeploymentNumber,
    deployment.State,
    deployment.PercentageComplete,
    deployment.EventLog?.length ?? 0,
    deployment.CompletedAt,
  ]);
}

/** Turns a poll's failure into an outcome: a missing resource ends the watch, anything else skips a beat. */
function failedPoll(error: unknown): PollOutcome<never> {
  return errorCode(error) === ErrorCode.NOT_FOUND ? { kind: 'gone', message: (error as Error).message } : { kind: 'skipped' };
}

const codec: WatchCodec<Deployment | null> = {
  encode: (outcome) => encodeValue(outcome),
  decode: (message) => decodeValue(message) as PollOutcome<Deployment | null>,
};

export function createLiveFeeds({ hub, loaders }: LiveFeedsDeps): LiveFeeds {
  const firstReads = new Map<string, Promise<unknown>>();
  /**
   * What a new subscriber of `watchKey` starts with: the watch's last value when it has one, else one
   * read shared by every subscriber arriving meanwhile, so that a burst of them costs one call even
   * with the cache off.
   */
  const firstValue = <T>(watchKey: string, read: () => Promise<T>): Promise<T> => {
    const known = hub.current<T>(watchKey);
    if (known) return Promise.resolve(known.value);
    let reading = firstReads.get(watchKey) as Promise<T> | undefined;
    if (!reading) {
      reading = read().finally(() => firstReads.delete(watchKey));
      firstReads.set(watchKey, reading);
    }
    return reading;
  };

  return {
    async deployment(key) {
      const watchKey = `deployment:${JSON.stringify([key.applicationId, key.environmentId, key.deploymentNumber])}`;
      const current = await firstValue(watchKey, () => loaders(false).deployment.load(key));
      const parent = (detail: Deployment): DeploymentParent => ({ key, detail });
      if (isFinalState(current.State)) return only(parent(current));
      const poll = async (): Promise<PollOutcome<Deployment | null>> => {
        try {
          const deployment = await loaders(true).deployment.load(key);
          return { kind: 'value', value: deployment, fingerprint: fingerprintOf(deployment), final: isFinalState(deployment.State) };
        } catch (error) {
          return failedPoll(error);
        }
      };
      return feed(fingerprintOf(current), parent(current), hub.follow(watchKey, poll, codec), (deployment) =>
        deployment ? parent(deployment) : null,
      ) as AsyncIterableIterator<DeploymentParent>;
    },

    async latest(environment) {
      const newest = async (refresh: boolean): Promise<Deployment | null> => {
        const reads = loaders(refresh);
        const [summary] = (await reads.deploymentPage.load({ ...environment, maxResults: 1 })).items;
        if (summary?.DeploymentNumber === undefined) return null;
        return reads.deployment.load({ ...environment, deploymentNumber: summary.DeploymentNumber });
      };
      const toParent = (deployment: Deployment | null): DeploymentParent | null =>
        deployment?.DeploymentNumber === undefined ? null : { key: { ...environment, deploymentNumber: deployment.DeploymentNumber }, detail: deployment };
      const fingerprint = (deployment: Deployment | null) => (deployment ? fingerprintOf(deployment) : 'none');
      const watchKey = `latest:${JSON.stringify([environment.applicationId, environment.environmentId])}`;
      const current = await firstValue(watchKey, () => newest(false));
      const poll = async (): Promise<PollOutcome<Deployment | null>> => {
        try {
          const deployment = await newest(true);
          return { kind: 'value', value: deployment, fingerprint: fingerprint(deployment), final: false };
        } catch (error) {
          return failedPoll(error);
        }
      };
      return feed(fingerprint(current), toParent(current), hub.follow(watchKey, poll, codec), toParent);
    },
  };
}

/** A feed of one value. */
function only<T>(value: T): AsyncIterableIterator<T> {
  let sent = false;
  return {
    next: () => Promise.resolve(sent ? { done: true, value: undefined } : ((sent = true), { done: false, value })),
    return: () => Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * `first`, then each change of `changes` that differs from what this subscriber last received (the
 * watch may have seen its first value already, or an older one), ending after a final value. A watch
 * that found its resource gone ends the feed with NOT_FOUND. Returning the feed leaves the watch.
 */
function feed<V, T>(firstFingerprint: string, first: T, changes: AsyncIterableIterator<Change<V>>, toValue: (value: V) => T): AsyncIterableIterator<T> {
  let last: string | undefined;
  let done = false;
  return {
    async next() {
      if (last === undefined) {
        last = firstFingerprint;
        return { done: false, value: first };
      }
      for (;;) {
        if (done) return { done: true, value: undefined };
        let step: IteratorResult<Change<V>>;
        try {
          step = await changes.next();
        } catch (error) {
          if (error instanceof WatchGoneError) throw gatewayError(ErrorCode.NOT_FOUND, error.message);
          throw error;
        }
        if (step.done) return { done: true, value: undefined };
        if (step.value.fingerprint === last) continue;
        last = step.value.fingerprint;
        if (step.value.final) {
          done = true;
          void changes.return?.();
        }
        return { done: false, value: toValue(step.value.value) };
      }
    },
    async return() {
      done = true;
      await changes.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
