import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
// index.html is not among them: the gateway rewrites its <base href> and sends it itself.
const COMPRESSIBLE = /\.(js|css|svg)$/;

/**
 * Writes `.br` and `.gz` beside each text asset at build time, so the gateway sends compressed bytes
 * without compressing on every request (its static server picks them by Accept-Encoding).
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'appconfig-graph:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const names = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        names.map(async (name) => {
          const path = join(outDir, name);
          const content = await readFile(path);
          await writeFile(`${path}.br`, await brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }));
          await writeFile(`${path}.gz`, await gzipAsync(content, { level: 9 }));
        }),
      );
    },
  };
}
