import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.js';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ command }) => ({
  root: webRoot,
  // Built assets refer to each other relatively and the gateway points index.html's `./` references at
  // its DASHBOARD_PATH, so one build serves under any path; the dev server runs under the default one.
  base: command === 'build' ? './' : '/dashboard/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The size-budget test reads which chunks the page loads first from the manifest.
    manifest: true,
    target: 'es2022',
  },
  server: {
    // `npm run dev:web` serves the app with hot reload and sends GraphQL to `npm start`'s gateway.
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
}));
