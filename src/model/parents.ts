import type {
  Action,
  ActionPoint,
  Application,
  ConfigurationProfile,
  ConfigurationProfileSummary,
  DeploymentStrategy,
  Environment,
  Parameter,
  Validator,
} from '@aws-sdk/client-appconfig';
import type { ApplicationScopedKey } from './keys.js';

/**
 * Parent values of the navigation types: the key the resource was reached by (what federation and
 * the loaders key on) and AppConfig's answer for it.
 */
export interface ApplicationParent {
  readonly id: string;
  readonly data: Application;
}

export interface EnvironmentParent extends ApplicationScopedKey {
  readonly data: Environment;
}

export interface DeploymentStrategyParent {
  readonly id: string;
  readonly data: DeploymentStrategy;
}

/** A profile reached through a list carries only its summary; other fields load the profile. */
export type ConfigurationProfileParent = ApplicationScopedKey & ({ readonly detail: ConfigurationProfile } | { readonly summary: ConfigurationProfileSummary });

/** Only a validator's type is exposed: its content is sensitive in AppConfig's model. */
export type ValidatorParent = Pick<Validator, 'Type'>;

/** One action of an extension, with the point it runs at (an entry of its Actions map). */
export interface ExtensionActionParent {
  readonly actionPoint: ActionPoint;
  readonly action: Action;
}

/** One parameter an extension takes, with its name (an entry of its Parameters map). */
export interface ExtensionParameterParent {
  readonly name: string;
  readonly parameter: Parameter;
}

/** A tag: an entry of a resource's tag map. */
export interface TagParent {
  readonly key: string;
  readonly value: string;
}
