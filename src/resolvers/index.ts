import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/resolvers-types.js';
import { ActionInvocation } from './ActionInvocation.js';
import { Application } from './Application.js';
import { AppliedExtension } from './AppliedExtension.js';
import { ConfigurationProfile } from './ConfigurationProfile.js';
import { Deployment } from './Deployment.js';
import { DeploymentEvent } from './DeploymentEvent.js';
import { DeploymentStrategy } from './DeploymentStrategy.js';
import { Environment } from './Environment.js';
import { Extension, ExtensionAction, ExtensionParameterDefinition } from './Extension.js';
import { HostedConfigurationVersionSummary, Monitor, Validator } from './members.js';
import { Query } from './Query.js';
import { Subscription } from './Subscription.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Query,
  Subscription,
  Deployment,
  DeploymentEvent,
  ActionInvocation,
  AppliedExtension,
  Application,
  Environment,
  DeploymentStrategy,
  ConfigurationProfile,
  Monitor,
  Validator,
  HostedConfigurationVersionSummary,
  Extension,
  ExtensionAction,
  ExtensionParameterDefinition,
};
