import type { DeploymentSummary, Environment as AwsEnvironment } from '@aws-sdk/client-appconfig';
import type { GraphQLResolveInfo } from 'graphql';
import { requireReadable } from '../access.js';
import type { GatewayContext } from '../context.js';
import { requiredMember } from '../errors.js';
import type { DeploymentKey, DeploymentParent } from '../model/deployment.js';
import type { ApplicationScopedKey, TaggedResource } from '../model/keys.js';
import type { ApplicationParent, ConfigurationProfileParent, DeploymentStrategyParent, EnvironmentParent, TagParent } from '../model/parents.js';
import { type Connection, type ConnectionArgs, pageRequest } from '../pagination/connection.js';
import { requireId, requireIntInRange } from '../validation.js';
import { deploymentMaxAge, hintMaxAge } from './cache-hints.js';
import { listConnection } from './lists.js';
import { read } from './read.js';
import { byName } from './sorting.js';

/**
 * Loading the graph's entities, shared by the root fields, the links between types and federation's
 * references: each validates its key (no AppConfig call for a bad one), checks that the caller may
 * read its application (FORBIDDEN on this field otherwise, again before any call), loads through
 * the request's loaders and hints the field's cache max-age by how final the data is.
 */

/** A deployment's key, checked as AppConfig would check it (no call is made for a bad one). */
export function validDeploymentKey(key: DeploymentKey): DeploymentKey {
  return {
    applicationId: requireId('applicationId', key.applicationId),
    environmentId: requireId('environmentId', key.environmentId),
    deploymentNumber: requireIntInRange('deploymentNumber', key.deploymentNumber, 1, Number.MAX_SAFE_INTEGER),
  };
}

/** An environment's key, checked likewise. */
export function validEnvironmentKey(environment: EnvironmentKey): EnvironmentKey {
  return { applicationId: requireId('applicationId', environment.applicationId), environmentId: requireId('environmentId', environment.environmentId) };
}

export async function loadDeployment(key: DeploymentKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<DeploymentParent> {
  const validKey = validDeploymentKey(key);
  requireReadable(context.access, validKey.applicationId);
  const detail = await read(context, info, 'deployment', validKey);
  hintMaxAge(info, deploymentMaxAge(detail.State, context.httpMaxAge));
  return { key: validKey, detail };
}

interface EnvironmentKey {
  readonly applicationId: string;
  readonly environmentId: string;
}

/** A deployment as ListDeployments lists it. */
function listedDeployment(environment: EnvironmentKey, summary: DeploymentSummary): DeploymentParent {
  return { key: { ...environment, deploymentNumber: requiredMember(summary.DeploymentNumber, 'a ListDeployments item', 'DeploymentNumber') }, summary };
}

/** An environment's deployments, newest first. */
export function loadDeploymentConnection(
  environment: EnvironmentKey,
  args: ConnectionArgs,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<Connection<DeploymentParent>> {
  const key = validEnvironmentKey(environment);
  requireReadable(context.access, key.applicationId);
  return listConnection(
    (nextToken) => read(context, info, 'deploymentPage', { ...key, ...pageRequest(nextToken) }),
    args,
    (summary) => listedDeployment(key, summary),
    'ListDeployments',
    context,
    info,
  );
}

/** The newest deployment of an environment: one ListDeployments page of one. */
export async function loadLatestDeployment(environment: EnvironmentKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<DeploymentParent | null> {
  requireReadable(context.access, environment.applicationId);
  const page = await read(context, info, 'deploymentPage', { ...environment, maxResults: 1 });
  const summary = page.items[0];
  // Which deployment is newest can change at any moment, however final this one is.
  hintMaxAge(info, context.httpMaxAge.active);
  return summary ? listedDeployment(environment, summary) : null;
}

export async function loadApplication(id: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<ApplicationParent> {
  const validId = requireId('id', id);
  requireReadable(context.access, validId);
  const data = await read(context, info, 'application', validId);
  hintMaxAge(info, context.httpMaxAge.active);
  return { id: validId, data };
}

/** An environment's state follows its deployments, so environment data is cached only briefly. */
export async function loadEnvironment(key: ApplicationScopedKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<EnvironmentParent> {
  const validKey = { applicationId: requireId('applicationId', key.applicationId), id: requireId('id', key.id) };
  requireReadable(context.access, validKey.applicationId);
  const data = await read(context, info, 'environment', validKey);
  hintMaxAge(info, context.httpMaxAge.active);
  return { ...validKey, data };
}

export function environmentParent(applicationId: string, environment: AwsEnvironment): EnvironmentParent {
  return { applicationId, id: requiredMember(environment.Id, 'a ListEnvironments item', 'Id'), data: environment };
}

export async function loadDeploymentStrategy(id: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<DeploymentStrategyParent> {
  const validId = requireId('id', id);
  const data = await read(context, info, 'deploymentStrategy', validId);
  hintMaxAge(info, context.httpMaxAge.active);
  return { id: validId, data };
}

/** A resource's tags, sorted by key. */
export async function loadTags(resource: TaggedResource, context: GatewayContext, info: GraphQLResolveInfo): Promise<TagParent[]> {
  requireReadable(context.access, resource.applicationId);
  const tags = await read(context, info, 'tags', resource);
  hintMaxAge(info, context.httpMaxAge.active);
  return Object.entries(tags)
    .sort(byName)
    .map(([key, value]) => ({ key, value }));
}

/** Profile ids may be up to 128 characters (the model's `LongName`), unlike other ids. */
export async function loadConfigurationProfile(
  key: ApplicationScopedKey,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<ConfigurationProfileParent> {
  const validKey = { applicationId: requireId('applicationId', key.applicationId), id: requireId('id', key.id, 128) };
  requireReadable(context.access, validKey.applicationId);
  const detail = await read(context, info, 'configurationProfile', validKey);
  hintMaxAge(info, context.httpMaxAge.active);
  return { ...validKey, detail };
}
