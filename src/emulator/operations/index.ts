import { accountOperations } from './account.js';
import { applicationOperations } from './applications.js';
import { configurationOperations } from './configuration.js';
import { deploymentOperations } from './deployments.js';
import { environmentOperations } from './environments.js';
import { extensionOperations } from './extensions.js';
import { hostedVersionOperations } from './hosted-versions.js';
import { profileOperations } from './profiles.js';
import { strategyOperations } from './strategies.js';
import { tagOperations } from './tags.js';
import type { OperationContext, OperationHandlers } from './types.js';

export type { EmulatedOperation, OperationContext, OperationHandlers } from './types.js';

/**
 * Every operation of AppConfig's control plane but the experiment ones, by AWS name, typed by the
 * SDK's CommandInput and CommandOutput. Each takes the validated input and answers the output
 * shape's members; errors are EmulatorErrors.
 */
export function createOperations(context: OperationContext): OperationHandlers {
  return {
    ...applicationOperations(context),
    ...environmentOperations(context),
    ...strategyOperations(context),
    ...profileOperations(context),
    ...hostedVersionOperations(context),
    ...deploymentOperations(context),
    ...extensionOperations(context),
    ...tagOperations(context),
    ...accountOperations(context),
    ...configurationOperations(context),
  };
}
