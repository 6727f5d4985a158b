import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * A suite of tests: a folder, run by its own script (`vitest run --project <name>`). `isolate: false`
 * lets a suite's files share one module graph per worker, which saves most of its import time (the
 * gateway's dependencies take seconds to load); only for suites whose files share no module state.
 */
const project = (name: string, include: string[], { isolate = true } = {}) => ({ extends: true as const, test: { name, include, isolate } });

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM builds; Node loads the CJS one (as @apollo/server does), while Vite
    // prefers the ESM one. Two copies break instanceof checks, so tests load the one Node would.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    // The SDK warns once per process that its 2027 releases need Node 22; the README says so instead.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // expect.poll waits for a condition, not a time: a generous deadline only matters on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      // npm test: in one process each, over loopback, nothing spawned and no third-party program.
      project('unit', ['test/unit/**/*.test.ts']),
      // Its files build every gateway and emulator by factory and stub nothing (unit tests mock the SDK client's prototype).
      project('integration', ['test/integration/**/*.test.ts'], { isolate: false }),
      project('web', ['web/test/**/*.test.{ts,tsx}']),
      // npm run test:e2e: processes started as a user would (npm start, npm run emulator), the AWS CLI,
      // boto3, moto, Redis and headless Chromium.
      project('e2e', ['test/e2e/**/*.test.ts']),
      // npm run bench:smoke: the benchmark and the soak, briefly, so that neither can rot.
      project('smoke', ['test/smoke/**/*.test.ts']),
      // npm run test:dashboard: the dashboard in headless Chromium.
      project('dashboard', ['test/dashboard/**/*.test.ts']),
    ],
  },
});
