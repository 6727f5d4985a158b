/** A stored record with where it stands in listing order and when it was created. */
export interface Row<V> {
  /** Fixed at creation and kept through updates, so list pages resume after it whatever is added. */
  readonly position: number;
  readonly createdAt: number;
  readonly value: V;
}

/** Records by key, listed in creation order. */
export class Table<V> {
  private readonly byKey = new Map<string, Row<V>>();
  private nextPosition = 0;

  get(key: string): V | undefined {
    return this.byKey.get(key)?.value;
  }

  row(key: string): Row<V> | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Adds a record, or replaces one keeping its position and creation time. */
  put(key: string, value: V, createdAt = 0): void {
    const existing = this.byKey.get(key);
    this.byKey.set(key, existing ? { ...existing, value } : { position: this.nextPosition++, createdAt, value });
  }

  delete(key: string): boolean {
    return this.byKey.delete(key);
  }

  values(): V[] {
    return [...this.byKey.values()].map((row) => row.value);
  }

  rows(): Array<Row<V>> {
    return [...this.byKey.values()];
  }
}
