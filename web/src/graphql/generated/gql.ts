/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AppliedExtensionsFields on Deployment {\n    appliedExtensions {\n      extensionId\n      extensionAssociationId\n      versionNumber\n      parameters {\n        name\n        value\n      }\n    }\n  }\n": typeof types.AppliedExtensionsFieldsFragmentDoc,
    "\n  fragment DeploymentSummaryFields on Deployment {\n    applicationId\n    environmentId\n    deploymentNumber\n    state\n    percentageComplete\n    growthType\n    growthFactor\n    deploymentDurationInMinutes\n    finalBakeTimeInMinutes\n    startedAt\n    completedAt\n    configurationName\n    configurationVersion\n    versionLabel\n  }\n": typeof types.DeploymentSummaryFieldsFragmentDoc,
    "\n  fragment DeploymentTimelineFields on Deployment {\n    eventLog {\n      eventType\n      triggeredBy\n      description\n      occurredAt\n      actionInvocations {\n        invocationId\n        extensionIdentifier\n        actionName\n        uri\n        roleArn\n        errorCode\n        errorMessage\n      }\n    }\n  }\n": typeof types.DeploymentTimelineFieldsFragmentDoc,
    "\n  fragment LiveDeploymentFields on Deployment {\n    ...DeploymentSummaryFields\n    ...DeploymentTimelineFields\n  }\n": typeof types.LiveDeploymentFieldsFragmentDoc,
    "\n  subscription DeploymentChanged($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deploymentChanged(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n    }\n  }\n": typeof types.DeploymentChangedDocument,
    "\n  subscription LatestDeploymentChanged($applicationId: String!, $environmentId: String!) {\n    latestDeploymentChanged(applicationId: $applicationId, environmentId: $environmentId) {\n      ...DeploymentSummaryFields\n    }\n  }\n": typeof types.LatestDeploymentChangedDocument,
    "\n  fragment EnvironmentLatestDeployment on Environment {\n    applicationId\n    id\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n": typeof types.EnvironmentLatestDeploymentFragmentDoc,
    "\n  fragment ConfigurationFactsFields on Deployment {\n    deploymentStrategyId\n    configurationProfileId\n    configurationName\n    configurationVersion\n    versionLabel\n    configurationLocationUri\n    kmsKeyIdentifier\n    configurationProfile {\n      applicationId\n      id\n      name\n      type\n      locationUri\n    }\n  }\n": typeof types.ConfigurationFactsFieldsFragmentDoc,
    "\n  query DeploymentPage($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deployment(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n      ...AppliedExtensionsFields\n      ...ConfigurationFactsFields\n      description\n      application {\n        id\n        name\n      }\n      environment {\n        applicationId\n        id\n        name\n      }\n      deploymentStrategy {\n        id\n        name\n        description\n      }\n    }\n  }\n": typeof types.DeploymentPageDocument,
    "\n  query EnvironmentPage($applicationId: String!, $environmentId: String!, $first: Int!, $after: String) {\n    environment(applicationId: $applicationId, id: $environmentId) {\n      applicationId\n      id\n      name\n      description\n      state\n      monitors {\n        alarmArn\n      }\n      application {\n        id\n        name\n      }\n      latestDeployment {\n        ...DeploymentSummaryFields\n      }\n      deployments(first: $first, after: $after) {\n        edges {\n          node {\n            ...DeploymentSummaryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.EnvironmentPageDocument,
    "\n  fragment EnvironmentCardFields on Environment {\n    applicationId\n    id\n    name\n    state\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n": typeof types.EnvironmentCardFieldsFragmentDoc,
    "\n  query Overview($after: String) {\n    applications(first: 50, after: $after) {\n      edges {\n        node {\n          id\n          name\n          description\n          environments {\n            ...EnvironmentCardFields\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.OverviewDocument,
};
const documents: Documents = {
    "\n  fragment AppliedExtensionsFields on Deployment {\n    appliedExtensions {\n      extensionId\n      extensionAssociationId\n      versionNumber\n      parameters {\n        name\n        value\n      }\n    }\n  }\n": types.AppliedExtensionsFieldsFragmentDoc,
    "\n  fragment DeploymentSummaryFields on Deployment {\n    applicationId\n    environmentId\n    deploymentNumber\n    state\n    percentageComplete\n    growthType\n    growthFactor\n    deploymentDurationInMinutes\n    finalBakeTimeInMinutes\n    startedAt\n    completedAt\n    configurationName\n    configurationVersion\n    versionLabel\n  }\n": types.DeploymentSummaryFieldsFragmentDoc,
    "\n  fragment DeploymentTimelineFields on Deployment {\n    eventLog {\n      eventType\n      triggeredBy\n      description\n      occurredAt\n      actionInvocations {\n        invocationId\n        extensionIdentifier\n        actionName\n        uri\n        roleArn\n        errorCode\n        errorMessage\n      }\n    }\n  }\n": types.DeploymentTimelineFieldsFragmentDoc,
    "\n  fragment LiveDeploymentFields on Deployment {\n    ...DeploymentSummaryFields\n    ...DeploymentTimelineFields\n  }\n": types.LiveDeploymentFieldsFragmentDoc,
    "\n  subscription DeploymentChanged($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deploymentChanged(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n    }\n  }\n": types.DeploymentChangedDocument,
    "\n  subscription LatestDeploymentChanged($applicationId: String!, $environmentId: String!) {\n    latestDeploymentChanged(applicationId: $applicationId, environmentId: $environmentId) {\n      ...DeploymentSummaryFields\n    }\n  }\n": types.LatestDeploymentChangedDocument,
    "\n  fragment EnvironmentLatestDeployment on Environment {\n    applicationId\n    id\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n": types.EnvironmentLatestDeploymentFragmentDoc,
    "\n  fragment ConfigurationFactsFields on Deployment {\n    deploymentStrategyId\n    configurationProfileId\n    configurationName\n    configurationVersion\n    versionLabel\n    configurationLocationUri\n    kmsKeyIdentifier\n    configurationProfile {\n      applicationId\n      id\n      name\n      type\n      locationUri\n    }\n  }\n": types.ConfigurationFactsFieldsFragmentDoc,
    "\n  query DeploymentPage($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deployment(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n      ...AppliedExtensionsFields\n      ...ConfigurationFactsFields\n      description\n      application {\n        id\n        name\n      }\n      environment {\n        applicationId\n        id\n        name\n      }\n      deploymentStrategy {\n        id\n        name\n        description\n      }\n    }\n  }\n": types.DeploymentPageDocument,
    "\n  query EnvironmentPage($applicationId: String!, $environmentId: String!, $first: Int!, $after: String) {\n    environment(applicationId: $applicationId, id: $environmentId) {\n      applicationId\n      id\n      name\n      description\n      state\n      monitors {\n        alarmArn\n      }\n      application {\n        id\n        name\n      }\n      latestDeployment {\n        ...DeploymentSummaryFields\n      }\n      deployments(first: $first, after: $after) {\n        edges {\n          node {\n            ...DeploymentSummaryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.EnvironmentPageDocument,
    "\n  fragment EnvironmentCardFields on Environment {\n    applicationId\n    id\n    name\n    state\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n": types.EnvironmentCardFieldsFragmentDoc,
    "\n  query Overview($after: String) {\n    applications(first: 50, after: $after) {\n      edges {\n        node {\n          id\n          name\n          description\n          environments {\n            ...EnvironmentCardFields\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.OverviewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppliedExtensionsFields on Deployment {\n    appliedExtensions {\n      extensionId\n      extensionAssociationId\n      versionNumber\n      parameters {\n        name\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AppliedExtensionsFields on Deployment {\n    appliedExtensions {\n      extensionId\n      extensionAssociationId\n      versionNumber\n      parameters {\n        name\n        value\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeploymentSummaryFields on Deployment {\n    applicationId\n    environmentId\n    deploymentNumber\n    state\n    percentageComplete\n    growthType\n    growthFactor\n    deploymentDurationInMinutes\n    finalBakeTimeInMinutes\n    startedAt\n    completedAt\n    configurationName\n    configurationVersion\n    versionLabel\n  }\n"): (typeof documents)["\n  fragment DeploymentSummaryFields on Deployment {\n    applicationId\n    environmentId\n    deploymentNumber\n    state\n    percentageComplete\n    growthType\n    growthFactor\n    deploymentDurationInMinutes\n    finalBakeTimeInMinutes\n    startedAt\n    completedAt\n    configurationName\n    configurationVersion\n    versionLabel\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeploymentTimelineFields on Deployment {\n    eventLog {\n      eventType\n      triggeredBy\n      description\n      occurredAt\n      actionInvocations {\n        invocationId\n        extensionIdentifier\n        actionName\n        uri\n        roleArn\n        errorCode\n        errorMessage\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment DeploymentTimelineFields on Deployment {\n    eventLog {\n      eventType\n      triggeredBy\n      description\n      occurredAt\n      actionInvocations {\n        invocationId\n        extensionIdentifier\n        actionName\n        uri\n        roleArn\n        errorCode\n        errorMessage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LiveDeploymentFields on Deployment {\n    ...DeploymentSummaryFields\n    ...DeploymentTimelineFields\n  }\n"): (typeof documents)["\n  fragment LiveDeploymentFields on Deployment {\n    ...DeploymentSummaryFields\n    ...DeploymentTimelineFields\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeploymentChanged($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deploymentChanged(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n    }\n  }\n"): (typeof documents)["\n  subscription DeploymentChanged($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deploymentChanged(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LatestDeploymentChanged($applicationId: String!, $environmentId: String!) {\n    latestDeploymentChanged(applicationId: $applicationId, environmentId: $environmentId) {\n      ...DeploymentSummaryFields\n    }\n  }\n"): (typeof documents)["\n  subscription LatestDeploymentChanged($applicationId: String!, $environmentId: String!) {\n    latestDeploymentChanged(applicationId: $applicationId, environmentId: $environmentId) {\n      ...DeploymentSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EnvironmentLatestDeployment on Environment {\n    applicationId\n    id\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n"): (typeof documents)["\n  fragment EnvironmentLatestDeployment on Environment {\n    applicationId\n    id\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConfigurationFactsFields on Deployment {\n    deploymentStrategyId\n    configurationProfileId\n    configurationName\n    configurationVersion\n    versionLabel\n    configurationLocationUri\n    kmsKeyIdentifier\n    configurationProfile {\n      applicationId\n      id\n      name\n      type\n      locationUri\n    }\n  }\n"): (typeof documents)["\n  fragment ConfigurationFactsFields on Deployment {\n    deploymentStrategyId\n    configurationProfileId\n    configurationName\n    configurationVersion\n    versionLabel\n    configurationLocationUri\n    kmsKeyIdentifier\n    configurationProfile {\n      applicationId\n      id\n      name\n      type\n      locationUri\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeploymentPage($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deployment(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n      ...AppliedExtensionsFields\n      ...ConfigurationFactsFields\n      description\n      application {\n        id\n        name\n      }\n      environment {\n        applicationId\n        id\n        name\n      }\n      deploymentStrategy {\n        id\n        name\n        description\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeploymentPage($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {\n    deployment(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {\n      ...LiveDeploymentFields\n      ...AppliedExtensionsFields\n      ...ConfigurationFactsFields\n      description\n      application {\n        id\n        name\n      }\n      environment {\n        applicationId\n        id\n        name\n      }\n      deploymentStrategy {\n        id\n        name\n        description\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EnvironmentPage($applicationId: String!, $environmentId: String!, $first: Int!, $after: String) {\n    environment(applicationId: $applicationId, id: $environmentId) {\n      applicationId\n      id\n      name\n      description\n      state\n      monitors {\n        alarmArn\n      }\n      application {\n        id\n        name\n      }\n      latestDeployment {\n        ...DeploymentSummaryFields\n      }\n      deployments(first: $first, after: $after) {\n        edges {\n          node {\n            ...DeploymentSummaryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EnvironmentPage($applicationId: String!, $environmentId: String!, $first: Int!, $after: String) {\n    environment(applicationId: $applicationId, id: $environmentId) {\n      applicationId\n      id\n      name\n      description\n      state\n      monitors {\n        alarmArn\n      }\n      application {\n        id\n        name\n      }\n      latestDeployment {\n        ...DeploymentSummaryFields\n      }\n      deployments(first: $first, after: $after) {\n        edges {\n          node {\n            ...DeploymentSummaryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EnvironmentCardFields on Environment {\n    applicationId\n    id\n    name\n    state\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n"): (typeof documents)["\n  fragment EnvironmentCardFields on Environment {\n    applicationId\n    id\n    name\n    state\n    latestDeployment {\n      ...DeploymentSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview($after: String) {\n    applications(first: 50, after: $after) {\n      edges {\n        node {\n          id\n          name\n          description\n          environments {\n            ...EnvironmentCardFields\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Overview($after: String) {\n    applications(first: 50, after: $after) {\n      edges {\n        node {\n          id\n          name\n          description\n          environments {\n            ...EnvironmentCardFields\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;