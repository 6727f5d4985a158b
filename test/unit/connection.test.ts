import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/model/keys.js';
import { type Connection, loadAll, loadConnection, pageRequest } from '../../src/pagination/connection.js';
import { decodeCursor, encodeCursor } from '../../src/pagination/cursor.js';

/**
 * A list of `pages` (each an array of item names) as AppConfig serves it: the first page without a
 * token, each next one by the token `t<n>`. Records the tokens it was asked for.
 */
function pagedList(pages: string[][]) {
  const asked: Array<string | undefined> = [];
  const loadPage = (nextToken: string | undefined): Promise<Page<string>> => {
    asked.push(nextToken);
    const index = nextToken === undefined ? 0 : Number(nextToken.slice(1));
    return Promise.resolve({ items: pages[index]!, ...(index + 1 < pages.length ? { nextToken: `t${index + 1}` } : {}) });
  };
  return { loadPage, asked };
}

const LIMITS = { maxPages: 5 };
const nodes = (connection: Connection<string>) => connection.edges.map((edge) => edge.node);
const positions = (connection: Connection<string>) => connection.edges.map((edge) => decodeCursor(edge.cursor));

describe('pageRequest', () => {
  it("asks for AppConfig's largest page, from the token given", () => {
    expect(pageRequest(undefined)).toStrictEqual({ maxResults: 50 });
    expect(pageRequest('t1')).toStrictEqual({ maxResults: 50, nextToken: 't1' });
  });
});

describe('loadAll', () => {
  it('reads every page, in order, until one has no token', async () => {
    const { loadPage, asked } = pagedList([['a', 'b'], ['c'], ['d', 'e']]);
    expect(await loadAll(loadPage, LIMITS, 'ListThings')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual([undefined, 't1', 't2']);
  });

  it('reads exactly maxPages pages, and refuses a list longer than that naming the bound', async () => {
    const exact = pagedList([['a'], ['b']]);
    expect(await loadAll(exact.loadPage, { maxPages: 2 }, 'ListThings')).toEqual(['a', 'b']);

    const longer = pagedList([['a'], ['b'], ['c']]);
    const refusal = loadAll(longer.loadPage, { maxPages: 2 }, 'ListThings');
    await expect(refusal).rejects.toMatchObject({
      message:
        'This field would read more than 2 pages of AppConfig ListThings (APPCONFIG_MAX_LIST_PAGES); ask for fewer items or page with `after`. ' +
        'List calls share a quota of 10 per second per account.',
    });
    await expect(refusal).rejects.toHaveProperty('extensions', { code: 'BAD_USER_INPUT', maxListPages: 2, upstream: { operation: 'ListThings' } });
    expect(longer.asked).toEqual([undefined, 't1']);
  });
});

describe('loadConnection', () => {
  const toNode = (item: string) => item;

  it('answers the first items of one page, with a next page while items remain in it', async () => {
    const { loadPage, asked } = pagedList([['a', 'b', 'c']]);
    const connection = await loadConnection(loadPage, { first: 2 }, toNode, LIMITS, 'ListThings');
    expect(nodes(connection)).toEqual(['a', 'b']);
    expect(positions(connection)).toEqual([
      { pageToken: null, index: 0 },
      { pageToken: null, index: 1 },
    ]);
    expect(connection.pageInfo).toStrictEqual({ hasNextPage: true, endCursor: encodeCursor({ pageToken: null, index: 1 }) });
    expect(asked).toEqual([undefined]);
  });

  it('answers a whole last page without a next page', async () => {
    const { loadPage } = pagedList([['a', 'b']]);
    const connection = await loadConnection(loadPage, { first: 2 }, toNode, LIMITS, 'ListThings');
    expect(nodes(connection)).toEqual(['a', 'b']);
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('goes on into the next page when `first` is reached partway into it, and resumes there from its cursor', async () => {
    const { loadPage, asked } = pagedList([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    const first = await loadConnection(loadPage, { first: 3 }, toNode, LIMITS, 'ListThings');
    expect(nodes(first)).toEqual(['a', 'b', 'c']);
    expect(positions(first)).toEqual([
      { pageToken: null, index: 0 },
      { pageToken: null, index: 1 },
      { pageToken: 't1', index: 0 },
    ]);
    expect(first.pageInfo).toStrictEqual({ hasNextPage: true, endCursor: encodeCursor({ pageToken: 't1', index: 0 }) });

    const rest = await loadConnection(loadPage, { first: 3, after: first.pageInfo.endCursor }, toNode, LIMITS, 'ListThings');
    expect(nodes(rest)).toEqual(['d', 'e']);
    expect(positions(rest)).toEqual([
      { pageToken: 't1', index: 1 },
      { pageToken: 't1', index: 2 },
    ]);
    expect(rest.pageInfo).toStrictEqual({ hasNextPage: false, endCursor: encodeCursor({ pageToken: 't1', index: 2 }) });
    expect(asked).toEqual([undefined, 't1', 't1']);
  });

  it('has a next page when `first` ends a page that has a token', async () => {
    const { loadPage, asked } = pagedList([['a', 'b'], ['c']]);
    const connection = await loadConnection(loadPage, { first: 2 }, toNode, LIMITS, 'ListThings');
    expect(connection.pageInfo).toStrictEqual({ hasNextPage: true, endCursor: encodeCursor({ pageToken: null, index: 1 }) });
    expect(asked).toEqual([undefined]);
  });

  it('passes over empty pages, and answers no edges and a null end cursor after the last item', async () => {
    const { loadPage } = pagedList([['a'], [], ['b']]);
    const all = await loadConnection(loadPage, { first: 5 }, toNode, LIMITS, 'ListThings');
    expect(nodes(all)).toEqual(['a', 'b']);
    const after = await loadConnection(loadPage, { first: 5, after: all.pageInfo.endCursor }, toNode, LIMITS, 'ListThings');
    expect(after).toStrictEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('makes each node with toNode', async () => {
    const { loadPage } = pagedList([['a', 'b']]);
    const connection = await loadConnection(loadPage, { first: 2 }, (item) => item.toUpperCase(), LIMITS, 'ListThings');
    expect(nodes(connection)).toEqual(['A', 'B']);
  });

  it('reads no more than maxPages pages to find `first` items', async () => {
    const { loadPage, asked } = pagedList([['a'], ['b'], ['c'], ['d']]);
    await expect(loadConnection(loadPage, { first: 4 }, toNode, { maxPages: 3 }, 'ListThings')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', maxListPages: 3 },
    });
    expect(asked).toEqual([undefined, 't1', 't2']);
    expect(nodes(await loadConnection(loadPage, { first: 3 }, toNode, { maxPages: 3 }, 'ListThings'))).toEqual(['a', 'b', 'c']);
  });

  it.each([0, 101, 1.5])('refuses first: %s before reading anything', async (first) => {
    const { loadPage, asked } = pagedList([['a']]);
    await expect(loadConnection(loadPage, { first }, toNode, LIMITS, 'ListThings')).rejects.toMatchObject({
      message: `Argument "first" must be an integer from 1 to 100; got ${first}.`,
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
    expect(asked).toEqual([]);
  });

  it('accepts first: 1 and first: 100', async () => {
    const { loadPage } = pagedList([['a', 'b']]);
    expect(nodes(await loadConnection(loadPage, { first: 1 }, toNode, LIMITS, 'ListThings'))).toEqual(['a']);
    expect(nodes(await loadConnection(loadPage, { first: 100 }, toNode, LIMITS, 'ListThings'))).toEqual(['a', 'b']);
  });

  it('starts at the beginning for a null `after`, and refuses a cursor it did not make', async () => {
    const { loadPage } = pagedList([['a']]);
    expect(nodes(await loadConnection(loadPage, { first: 1, after: null }, toNode, LIMITS, 'ListThings'))).toEqual(['a']);
    await expect(loadConnection(loadPage, { first: 1, after: 'bogus' }, toNode, LIMITS, 'ListThings')).rejects.toMatchObject({
      message: 'Argument "after" must be a cursor returned by this field; got "bogus".',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  });
});

describe('cursors', () => {
  it('refuses what this version did not encode', () => {
    const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const value of [[1, null], [1, null, 0, 0], [1, 5, 0], [1, null, '0'], [1, null, 0.5], 'text', null]) {
      expect(decodeCursor(encoded(value))).toBeUndefined();
    }
    expect(decodeCursor(encoded([1, 't', 0]))).toStrictEqual({ pageToken: 't', index: 0 });
  });
});
