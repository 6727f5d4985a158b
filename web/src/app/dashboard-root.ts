/**
 * The path the dashboard is served under (the gateway's DASHBOARD_PATH), read from where its entry
 * script was loaded: `<root>/assets/index-….js` once built, `<root>/src/main.tsx` in development.
 * So one build runs under any path, with no configuration baked in.
 */
export function dashboardRoot(entryScriptUrl: string): string {
  return new URL(entryScriptUrl).pathname.replace(/\/[^/]*\/[^/]*$/, '') || '/';
}
