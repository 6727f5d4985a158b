import type { Staleness } from '../cache/shared-cache.js';

/** A field answered with stale data, as the response's `extensions.stale` lists it. */
export interface StaleField {
  /** The field's path in the response; null when no field claimed the read. */
  readonly path: ReadonlyArray<string | number> | null;
  /** Which AppConfig read stood in, such as `deployment:["chk2svc","prod7ea",3]`. */
  readonly resource: string;
  readonly ageSeconds: number;
  /** The code of the failure it stands in for: UPSTREAM_ERROR or UPSTREAM_THROTTLED. */
  readonly reason: string;
}

/**
 * How fresh everything one request read is: the earliest moment a cached read stops being valid
 * (its answer must not be cached past it), and the reads answered stale because AppConfig failed,
 * with the fields they answered. Loaders report reads; resolvers claim them for their fields.
 */
export class ReadFreshness {
  private earliestAt: number | undefined;
  private readonly staleReads = new Map<string, Staleness>();
  private readonly claims = new Map<string, StaleField>();

  get earliest(): number | undefined {
    return this.earliestAt;
  }

  get anyStale(): boolean {
    return this.staleReads.size > 0;
  }

  /** Records that the request read data valid until `validUntil` (epoch ms); undefined: not cached. */
  observe(validUntil: number | undefined): void {
    if (validUntil !== undefined && (this.earliestAt === undefined || validUntil < this.earliestAt)) this.earliestAt = validUntil;
  }

  /** Records that the read `readKey` answered with stale data. */
  noteStale(readKey: string, staleness: Staleness): void {
    this.staleReads.set(readKey, staleness);
  }

  /** Records that the field at `path` was answered from the read `readKey`. */
  claim(path: ReadonlyArray<string | number>, readKey: string): void {
    const staleness = this.staleReads.get(readKey);
    if (staleness) this.claims.set(`${JSON.stringify(path)}${readKey}`, { path, resource: readKey, ...staleness });
  }

  /** Every stale read, under each field that claimed it, or unclaimed. */
  staleFields(): StaleField[] {
    const fields = [...this.claims.values()];
    const claimed = new Set(fields.map((field) => field.resource));
    for (const [resource, staleness] of this.staleReads) if (!claimed.has(resource)) fields.push({ path: null, resource, ...staleness });
    return fields;
  }
}
