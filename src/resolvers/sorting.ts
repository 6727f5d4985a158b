/** Orders map entries by name, so that lists made from AWS's maps answer in a stable order. */
export function byName([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
