import { ErrorCode, gatewayError } from '../errors.js';
import type { Page } from '../model/keys.js';
import { invalidArgument, requireIntInRange } from '../validation.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/**
 * Every list call asks for AppConfig's largest page. List calls have the tightest quota (10 per
 * second per account), so fewer, fuller pages are cheaper than right-sized ones, and one page size
 * keeps every NextToken valid for the cursors built on it.
 */
const APPCONFIG_PAGE_SIZE = 50;

/** The request for the page of a list that starts at `nextToken`, at AppConfig's page size. */
export function pageRequest(nextToken: string | undefined): { maxResults: number; nextToken?: string } {
  return { maxResults: APPCONFIG_PAGE_SIZE, ...(nextToken === undefined ? {} : { nextToken }) };
}

export interface ConnectionArgs {
  readonly first: number;
  readonly after?: string | null;
}

export interface Edge<N> {
  readonly cursor: string;
  readonly node: N;
}

export interface Connection<N> {
  readonly edges: Array<Edge<N>>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** Loads the page of a list that starts at `nextToken` (undefined: the first page). */
export type PageLoader<T> = (nextToken: string | undefined) => Promise<Page<T>>;

export interface ListLimits {
  /** Most AppConfig list pages one field may read before it answers an error instead. */
  readonly maxPages: number;
}

/**
 * A Relay connection over AppConfig's pages: walks from the `after` cursor until `first` items are
 * collected, reading no more than `limits.maxPages` pages.
 */
export async function loadConnection<T, N>(
  loadPage: PageLoader<T>,
  args: ConnectionArgs,
  toNode: (item: T) => N,
  limits: ListLimits,
  operation: string,
): Promise<Connection<N>> {
  const first = requireIntInRange('first', args.first, 1, 100);
  let { pageToken, index: skip } = startPosition(args.after);
  const edges: Array<Edge<N>> = [];

  for (let pagesRead = 0; pagesRead < limits.maxPages; pagesRead += 1) {
    const page = await loadPage(pageToken ?? undefined);
    const wanted = page.items.slice(skip, skip + first - edges.length);
    const start = skip;
    const token = pageToken;
    wanted.forEach((item, offset) => edges.push({ cursor: encodeCursor({ pageToken: token, index: start + offset }), node: toNode(item) }));
    const moreInPage = skip + wanted.length < page.items.length;
    if (edges.length === first || page.nextToken === undefined) {
      return { edges, pageInfo: { hasNextPage: moreInPage || page.nextToken !== undefined, endCursor: edges.at(-1)?.cursor ?? null } };
    }
    pageToken = page.nextToken;
    skip = 0;
  }
  throw tooManyPages(operation, limits);
}

/** Every item of a list, reading no more than `limits.maxPages` pages. */
export async function loadAll<T>(loadPage: PageLoader<T>, limits: ListLimits, operation: string): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  for (let pagesRead = 0; pagesRead < limits.maxPages; pagesRead += 1) {
    const page = await loadPage(nextToken);
    items.push(...page.items);
    if (page.nextToken === undefined) return items;
    nextToken = page.nextToken;
  }
  throw tooManyPages(operation, limits);
}

function tooManyPages(operation: string, limits: ListLimits) {
  return gatewayError(
    ErrorCode.BAD_USER_INPUT,
    `This field would read more than ${limits.maxPages} pages of AppConfig ${operation} (APPCONFIG_MAX_LIST_PAGES); ` +
      'ask for fewer items or page with `after`. List calls share a quota of 10 per second per account.',
    { upstream: { operation }, extensions: { maxListPages: limits.maxPages } },
  );
}

function startPosition(after: string | null | undefined): { pageToken: string | null; index: number } {
  if (after === undefined || after === null) return { pageToken: null, index: 0 };
  const position = decodeCursor(after);
  if (position === undefined) throw invalidArgument('after', 'must be a cursor returned by this field', after);
  return { pageToken: position.pageToken, index: position.index + 1 };
}
