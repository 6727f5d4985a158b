/**
 * The earliest moment anything one request read from the shared cache stops being valid. The
 * response must not be cached (by HTTP caches, or as a whole) past it: the gateway itself would
 * fetch that data again then.
 */
export class ReadExpiry {
  private earliestAt: number | undefined;

  get earliest(): number | undefined {
    return this.earliestAt;
  }

  /** Records that the request read data valid until `validUntil` (epoch ms); undefined: not cached. */
  observe(validUntil: number | undefined): void {
    if (validUntil !== undefined && (this.earliestAt === undefined || validUntil < this.earliestAt)) this.earliestAt = validUntil;
  }
}
