import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { badRequest } from './errors.js';

/** An item with its place in a list's order; positions only grow for items added later. */
export interface Positioned<T> {
  readonly position: number;
  readonly item: T;
}

export interface PageRequest {
  readonly MaxResults?: number | undefined;
  readonly NextToken?: string | undefined;
}

export interface Page<T> {
  Items: T[];
  NextToken?: string;
}

/** AppConfig's default and largest page. */
const PAGE_SIZE = 50;

export interface Paginator {
  /**
   * One page of `items` (in ascending position). A NextToken names the operation and parameters it
   * was issued for and the position of the page's last item: the next page starts after that
   * position, so items added in between are neither repeated nor skipped. A token from another
   * operation, other parameters or another emulator is refused, as are altered ones.
   */
  page<T, Request extends PageRequest>(operation: string, request: Request, items: ReadonlyArray<Positioned<T>>): Page<T>;
}

/** Tokens are signed with `secret` (random per emulator), so clients cannot read meaning into them or forge one. */
export function createPaginator(secret: Buffer = randomBytes(32)): Paginator {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 16);

  const encode = (binding: string, position: number) => {
    const payload = Buffer.from(JSON.stringify([binding, position])).toString('base64url');
    return `${payload}.${sign(payload).toString('base64url')}`;
  };

  const decode = (token: string, binding: string): number => {
    const [payload = '', signature = ''] = token.split('.');
    const expected = sign(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badRequest('The NextToken is not valid.');
    const [issuedFor, position] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, number];
    if (issuedFor !== binding) throw badRequest('The NextToken was issued for a different request; repeat the request it came from.');
    return position;
  };

  return {
    page(operation, request, items) {
      const binding = bindingOf(operation, request);
      const after = request.NextToken === undefined ? -Infinity : decode(request.NextToken, binding);
      const rest = items.filter((entry) => entry.position > after);
      const page = rest.slice(0, request.MaxResults ?? PAGE_SIZE);
      const last = page.at(-1);
      return { Items: page.map((entry) => entry.item), ...(last && rest.length > page.length ? { NextToken: encode(binding, last.position) } : {}) };
    },
  };
}

/** The operation and every parameter but the paging ones, digested: what a token is valid for. */
function bindingOf(operation: string, request: object): string {
  const parameters = Object.entries(request)
    .filter(([name, value]) => name !== 'NextToken' && name !== 'MaxResults' && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([operation, parameters]))
    .digest('base64url')
    .slice(0, 22);
}
