// @ts-check
/**
 * Mutation testing of the gateway's core (npm run test:mutation): StrykerJS changes the code below one
 * small way at a time (a condition negated, a key emptied…) and runs the unit and integration tests
 * that cover each change; a change no test notices survives, and marks behaviour nobody asserts.
 * Not part of npm test: it takes tens of minutes. To iterate on one part, narrow it, for example
 * `npm run test:mutation -- --mutate 'src/cache/**'`. Set REDIS_URL (as .ci/run does) to run the tests
 * of the Redis backend too. Reports: reports/mutation/index.html.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/vitest.mutation.config.ts', related: false },
  mutate: [
    // The loader/cache seam: reads from AppConfig through the shared cache into the resolvers.
    'src/loaders/**/*.ts',
    'src/cache/**/*.ts',
    'src/resolvers/entities.ts',
    'src/resolvers/read.ts',
    'src/server/freshness-plugin.ts',
    // The edge to AppConfig: its calls, errors, budgets and admission.
    'src/appconfig/api.ts',
    'src/appconfig/translate-error.ts',
    'src/appconfig/rate-budget.ts',
    'src/appconfig/reservation-stores.ts',
    'src/appconfig/admission.ts',
    'src/appconfig/call-budget.ts',
    'src/appconfig/budget-gate.ts',
    'src/appconfig/fleet-budget.ts',
    'src/appconfig/edge.ts',
    // Arguments, pages and settings.
    'src/pagination/**/*.ts',
    'src/validation.ts',
    'src/config.ts',
    'src/resolvers/Deployment.ts',
  ],
  // Each mutant runs only the tests that executed it (the vitest runner records coverage per test).
  coverageAnalysis: 'perTest',
  // Code that runs only while a module loads or a gateway starts (beforeAll) is covered by no test in
  // particular; running every test for each of its mutants would take hours. They are reported as ignored.
  ignoreStatic: true,
  // The machine is shared: two workers, each a vitest process.
  concurrency: 2,
  timeoutMS: 20_000,
  // The first run, of every test with coverage, takes minutes on a busy machine.
  dryRunTimeoutMinutes: 20,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Only mutants whose code or tests changed since the last run are tested again (the file is gitignored).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: 90 },
};
