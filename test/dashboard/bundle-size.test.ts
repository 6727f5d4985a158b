import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_BUILD_DIR } from '../../src/server/dashboard.js';

/**
 * The budget for the JavaScript a first visit loads before the dashboard can draw anything: React,
 * React Router, Apollo Client and the app, gzipped. Measured at about 140 KB; past this a change
 * should split code or drop a dependency, not raise the number quietly.
 */
const INITIAL_JS_BUDGET_BYTES = 250 * 1024;

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
}

const manifestFile = join(DASHBOARD_BUILD_DIR, '.vite', 'manifest.json');

describe('the built dashboard', () => {
  it('exists: npm run test:dashboard builds it first', () => {
    expect(existsSync(manifestFile), `${manifestFile} is missing; run npm run build:web`).toBe(true);
  });

  it(`keeps the initial JavaScript within ${INITIAL_JS_BUDGET_BYTES / 1024} KB gzipped`, () => {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
    const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
    expect(entries.map(([key]) => key)).toEqual(['index.html']);

    // The entry and every chunk it imports statically load at once; dynamic imports load later.
    const initial = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || initial.has(chunk.file)) return;
      initial.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit('index.html');
    const gzipped = [...initial].reduce((total, file) => total + gzipSync(readFileSync(join(DASHBOARD_BUILD_DIR, file)), { level: 9 }).length, 0);
    console.info(`dashboard: initial JavaScript ${(gzipped / 1024).toFixed(1)} KB gzipped in ${initial.size} file(s)`);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });

  it('refers only to its own files, so it works offline and under its CSP', () => {
    const html = readFileSync(join(DASHBOARD_BUILD_DIR, 'index.html'), 'utf8');
    const references = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\.\/[\w./-]+$/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle="/);
  });
});
