import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM builds; Node loads the CJS one (as @apollo/server does), while Vite
    // prefers the ESM one. Two copies break instanceof checks, so tests load the one Node would.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts', 'web/test/**/*.test.{ts,tsx}'],
    // The SDK warns once per process that its 2027 releases need Node 22; the README says so instead.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
