import type { CacheEntry } from './entry-store.js';

const DATE_TAG = '$date';

/** JSON that keeps the SDK's Date members (StartedAt, OccurredAt…) Dates: for Redis, and for messages between replicas. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, member: unknown) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : member;
  });
}

/** The value `text` encodes, its Dates restored; throws on anything that is not JSON. */
export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && DATE_TAG in value) {
      const iso = (value as Record<string, unknown>)[DATE_TAG];
      if (typeof iso === 'string' && Object.keys(value).length === 1) return new Date(iso);
    }
    return value;
  }) as unknown;
}

export const encodeEntry = (entry: CacheEntry<unknown>): string => encodeValue(entry);

/** The entry `text` encodes, or undefined for anything this format did not write. */
export function decodeEntry(text: string): CacheEntry<unknown> | undefined {
  let entry: { expiresAt?: unknown } | null;
  try {
    entry = decodeValue(text) as { expiresAt?: unknown } | null;
  } catch {
    return undefined;
  }
  // A primitive or null has no expiresAt either.
  return typeof entry?.expiresAt === 'number' ? (entry as CacheEntry<unknown>) : undefined;
}
