import type {
  Application,
  ConfigurationProfile,
  ConfigurationProfileSummary,
  DeploymentStrategy,
  Environment,
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
export type ConfigurationProfileParent = ApplicationScopedKey &
  ({ readonly detail: ConfigurationProfile } | { readonly summary: ConfigurationProfileSummary });

/** Only a validator's type is exposed: its content is sensitive in AppConfig's model. */
export type ValidatorParent = Pick<Validator, 'Type'>;
