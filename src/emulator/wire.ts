import type { EnvironmentState } from '@aws-sdk/client-appconfig';

/**
 * An environment's State as the live service sends it: CamelCase, not the model's upper-case enum
 * (NOTES §9: the AWS CLI's documented output and botocore's EnvironmentReadyForDeployment waiter,
 * which only matches these). SDKs pass unknown enum values through as strings.
 */
export type ServiceEnvironmentState = 'ReadyForDeployment' | 'Deploying' | 'RollingBack' | 'RolledBack' | 'Reverted';

export const SERVICE_ENVIRONMENT_STATE: Readonly<Record<EnvironmentState, ServiceEnvironmentState>> = {
  READY_FOR_DEPLOYMENT: 'ReadyForDeployment',
  DEPLOYING: 'Deploying',
  ROLLING_BACK: 'RollingBack',
  ROLLED_BACK: 'RolledBack',
  REVERTED: 'Reverted',
};

/**
 * An SDK shape as it travels on the wire: timestamps are ISO-8601 strings, blobs are Buffers, and an
 * environment's State takes the service's form. The emulator's records and answers use these types,
 * so AWS member names are checked by the compiler.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends Uint8Array
    ? Buffer
    : T extends ReadonlyArray<infer U>
      ? Array<Wire<U>>
      : T extends object
        ? { [K in keyof T as K extends '$metadata' ? never : K]: K extends 'State' ? WireState<T[K]> : Wire<T[K]> }
        : T;

type WireState<S> = [Exclude<S, undefined>] extends [EnvironmentState] ? ServiceEnvironmentState | Extract<S, undefined> : S;

export function iso(time: number): string {
  return new Date(time).toISOString();
}

/** `{ [key]: value }`, or nothing when value is undefined or an empty list: AppConfig omits both. */
export function present<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  const omitted = value === undefined || (Array.isArray(value) && value.length === 0);
  return (omitted ? {} : { [key]: value }) as { [P in K]?: V };
}
