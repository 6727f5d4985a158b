import type { CacheEntry } from './entry-store.js';

const DATE_TAG = '$date';

/** JSON that keeps the SDK's Date members (StartedAt, OccurredAt…) Dates across the cache. */
export function encodeEntry(entry: CacheEntry<unknown>): string {
  return JSON.stringify(entry, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : value;
  });
}

/** The entry `text` encodes, or undefined for anything this format did not write. */
export function decodeEntry(text: string): CacheEntry<unknown> | undefined {
  try {
    const entry = JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null && DATE_TAG in value) {
        const iso = (value as Record<string, unknown>)[DATE_TAG];
        if (typeof iso === 'string' && Object.keys(value).length === 1) return new Date(iso);
      }
      return value;
    }) as unknown;
    if (typeof entry !== 'object' || entry === null || typeof (entry as { expiresAt?: unknown }).expiresAt !== 'number') return undefined;
    return entry as CacheEntry<unknown>;
  } catch {
    return undefined;
  }
}
