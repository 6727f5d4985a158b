/**
 * What the shared cache stores for a key: AppConfig's answer (`value`) or the NOT_FOUND it gave
 * (`notFound`), and when the entry stops being valid, so HTTP max-age can be bounded by it.
 */
export type CacheEntry<V> = { readonly value: V; readonly expiresAt: number } | { readonly notFound: string; readonly expiresAt: number };

const DATE_TAG = '$date';

/** JSON that keeps the SDK's Date members (StartedAt, OccurredAt…) Dates across the cache. */
export function encodeEntry(entry: CacheEntry<unknown>): string {
  return JSON.stringify(entry, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : value;
  });
}

export function decodeEntry<V>(text: string): CacheEntry<V> | undefined {
  try {
    const entry = JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null && DATE_TAG in value) {
        const iso = (value as Record<string, unknown>)[DATE_TAG];
        if (typeof iso === 'string' && Object.keys(value).length === 1) return new Date(iso);
      }
      return value;
    }) as unknown;
    if (typeof entry !== 'object' || entry === null || typeof (entry as { expiresAt?: unknown }).expiresAt !== 'number') return undefined;
    return entry as CacheEntry<V>;
  } catch {
    return undefined;
  }
}
