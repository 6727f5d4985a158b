import type * as AppConfig from '@aws-sdk/client-appconfig';
import type { CommandImpl } from '@smithy/core/client';
import type { Clock } from '../clock.js';
import type { ContentValidation } from '../content-validation.js';
import type { ServiceModel } from '../model.js';
import type { Paginator } from '../pagination.js';
import type { EmulatorState } from '../state.js';
import type { Wire } from '../wire.js';

type Sdk = typeof AppConfig;

/** Every AppConfig operation, by AWS name: one per command of the SDK, which is generated from the same model. */
export type OperationName = Exclude<{ [K in keyof Sdk]: K extends `${infer Name}Command` ? Name : never }[keyof Sdk], '$'>;

/** The experiment operations (added to the model in 2026) are outside what the emulator serves. */
type ExperimentOperation = Extract<OperationName, `${string}Experiment${string}`>;
export type EmulatedOperation = Exclude<OperationName, ExperimentOperation>;

type CommandOf<N extends OperationName> = Sdk[`${N}Command`];
type SdkInput<N extends OperationName> = NonNullable<ConstructorParameters<CommandOf<N>>[0]>;
type SdkOutput<N extends OperationName> =
  InstanceType<CommandOf<N>> extends CommandImpl<infer _I, infer Output, infer _C, infer _SI, infer _SO> ? Output : never;

/**
 * The SDK's CommandInput as the protocol hands it over: required members present (the input was
 * checked against the model before a handler runs), a blob payload as the request body's Buffer.
 */
type Parsed<T> = { [K in keyof T]: Uint8Array extends Exclude<T[K], undefined> ? Buffer : object extends Pick<T, K> ? T[K] : Exclude<T[K], undefined> };

export type OperationInput<N extends OperationName> = Parsed<SdkInput<N>>;
/** An operation's answer: the SDK's CommandOutput in wire form, without $metadata. */
export type OperationOutput<N extends OperationName> = Wire<SdkOutput<N>>;

export type OperationHandler<N extends OperationName> = (input: OperationInput<N>) => OperationOutput<N>;
export type OperationHandlers = { readonly [N in EmulatedOperation]: OperationHandler<N> };

/** What the operations work on; one per emulator. */
export interface OperationContext {
  readonly model: ServiceModel;
  readonly state: EmulatorState;
  readonly clock: Clock;
  readonly paginator: Paginator;
  readonly validation: ContentValidation;
}
