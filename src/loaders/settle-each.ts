/**
 * Runs `load` for every key at once and returns, in key order, each result or the Error it failed with:
 * the shape a DataLoader batch function must return so that one failing key never fails its siblings.
 */
export function settleEach<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<Array<V | Error>> {
  return Promise.all(keys.map((key) => load(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
}
