import type { DeploymentSummary } from '@aws-sdk/client-appconfig';
import { ErrorCode, gatewayError } from '../errors.js';
import type { DeploymentPageLoader } from '../loaders/deployment-page-loader.js';
import type { DeploymentParent } from '../model/deployment.js';
import { invalidArgument } from '../validation.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/**
 * Every ListDeployments call asks for AppConfig's maximum page. List calls have the tightest quota
 * (10 per second per account), so fewer, fuller pages are cheaper than right-sized ones, and one page
 * size keeps every NextToken valid for the cursors built on it.
 */
export const APPCONFIG_PAGE_SIZE = 50;

/** Enough for `first` ≤ 100 after any cursor; more means AppConfig is returning short pages. */
const MAX_PAGES_PER_FIELD = 4;

export interface DeploymentConnectionArgs {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly first: number;
  readonly after?: string | null;
}

export interface DeploymentEdgeValue {
  readonly cursor: string;
  readonly node: DeploymentParent;
}

export interface DeploymentConnectionValue {
  readonly edges: DeploymentEdgeValue[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** Walks AppConfig's pages from the `after` cursor until `first` deployments are collected. */
export async function loadDeploymentConnection(
  loader: DeploymentPageLoader,
  args: DeploymentConnectionArgs,
): Promise<DeploymentConnectionValue> {
  const start = startPosition(args.after);
  const edges: DeploymentEdgeValue[] = [];
  let pageToken = start.pageToken;
  let skip = start.index;

  for (let pagesRead = 0; pagesRead < MAX_PAGES_PER_FIELD; pagesRead += 1) {
    const page = await loader.load({
      applicationId: args.applicationId,
      environmentId: args.environmentId,
      maxResults: APPCONFIG_PAGE_SIZE,
      ...(pageToken === null ? {} : { nextToken: pageToken }),
    });
    const wanted = page.items.slice(skip, skip + args.first - edges.length);
    wanted.forEach((summary, offset) => {
      edges.push({
        cursor: encodeCursor({ pageToken, index: skip + offset }),
        node: listedDeployment(args, summary),
      });
    });
    const moreInPage = skip + wanted.length < page.items.length;
    if (edges.length === args.first || page.nextToken === undefined) {
      return connection(edges, moreInPage || page.nextToken !== undefined);
    }
    pageToken = page.nextToken;
    skip = 0;
  }
  throw gatewayError(
    ErrorCode.UPSTREAM_ERROR,
    `AppConfig ListDeployments returned ${MAX_PAGES_PER_FIELD} pages without ${args.first} deployments; stopped to save quota.`,
    { upstream: { operation: 'ListDeployments' } },
  );
}

function startPosition(after: string | null | undefined): { pageToken: string | null; index: number } {
  if (after === undefined || after === null) return { pageToken: null, index: 0 };
  const position = decodeCursor(after);
  if (position === undefined) {
    throw invalidArgument('after', 'must be a cursor returned by this field', after);
  }
  return { pageToken: position.pageToken, index: position.index + 1 };
}

function listedDeployment(args: DeploymentConnectionArgs, summary: DeploymentSummary): DeploymentParent {
  if (summary.DeploymentNumber === undefined) {
    throw gatewayError(ErrorCode.UPSTREAM_ERROR, 'AppConfig ListDeployments returned a deployment without DeploymentNumber.', {
      upstream: { operation: 'ListDeployments' },
    });
  }
  return {
    key: { applicationId: args.applicationId, environmentId: args.environmentId, deploymentNumber: summary.DeploymentNumber },
    summary,
  };
}

function connection(edges: DeploymentEdgeValue[], hasNextPage: boolean): DeploymentConnectionValue {
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
