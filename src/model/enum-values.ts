/**
 * The form of an enum value that ignores case and separators. AppConfig's live service sends some
 * enum values in a different form than its model defines (environment states as `ReadyForDeployment`
 * where the model says `READY_FOR_DEPLOYMENT`; see README, "Errors"), so values are compared by it.
 */
function looseKey(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A function that maps any form of one of `values` to that value, and anything else to undefined. */
export function enumValueMatcher(values: Iterable<string>): (value: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const value of values) byKey.set(looseKey(value), value);
  return (value) => byKey.get(looseKey(value));
}
