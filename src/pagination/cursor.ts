/**
 * Where an item sits in AppConfig's pagination: the NextToken that starts its page (null for the first
 * page) and its index in that page. Cursors are this position, versioned and base64url-encoded, so
 * clients treat them as opaque and a later format can reject old ones cleanly.
 */
export interface PagePosition {
  readonly pageToken: string | null;
  readonly index: number;
}

const VERSION = 1;

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([VERSION, position.pageToken, position.index])).toString('base64url');
}

/** Returns undefined for anything this version did not encode. */
export function decodeCursor(cursor: string): PagePosition | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
  const [version, pageToken, index] = decoded as unknown[];
  if (version !== VERSION) return undefined;
  if (pageToken !== null && (typeof pageToken !== 'string' || pageToken.length === 0)) return undefined;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return undefined;
  return { pageToken, index };
}
