// `npm ci` and `npm install` run this as the `prepare` script, so that `npm start` serves a built
// dashboard with no manual step. An install without devDependencies (`npm ci --omit=dev`, in an image
// whose dashboard was built in an earlier stage) has no Vite, and keeps the build it was given.
import { stdout } from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const vite = await import('vite').catch(() => undefined);
if (vite === undefined) {
  stdout.write('prepare: Vite is not installed (devDependencies omitted), so the dashboard in web/dist is left as it is.\n');
} else {
  await vite.build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' });
  stdout.write('prepare: built the dashboard into web/dist.\n');
}
