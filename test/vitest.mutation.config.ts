import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from '../vitest.config.js';

/**
 * The tests a mutation run (npm run test:mutation) runs against each mutant: the in-process unit and
 * integration suites. The web, e2e, smoke and dashboard suites test other code or start processes,
 * which would make every mutant cost seconds more.
 */
const MUTATION_PROJECTS = ['unit', 'integration'];

/**
 * Left out as well: the tests of the emulator alone (it is not mutated); the subscriptions' tests,
 * which count polls per wall-clock interval and fail on a loaded machine (a test that fails by chance
 * would count a mutant as killed, and a failure in the first run stops the run); and the test that
 * docs/live-updates.md quotes its fixtures verbatim, which Stryker's instrumented copies never are.
 */
const EXCLUDED = [
  'test/integration/emulator-{api,model,sdk,validation}.test.ts',
  'test/integration/subscriptions.test.ts',
  'test/integration/live-updates-doc.test.ts',
];

/**
 * Stryker stops a mutant's run at its first failing test, so the quickest tests go first: unit files,
 * then integration files, each the fastest first by its last duration (files not yet timed first).
 * Vitest's own order runs projects by name and the slowest files first.
 */
class FastestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (file: TestSpecification) => {
      const key = `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? 0;
    };
    const rank = (file: TestSpecification) => MUTATION_PROJECTS.indexOf(file.project.name);
    return Promise.resolve([...files].sort((a, b) => rank(a) - rank(b) || cost(a) - cost(b)));
  }
}

const projects = (base.test?.projects ?? [])
  .filter((project) => typeof project === 'object' && 'test' in project && MUTATION_PROJECTS.includes(project.test?.name as string))
  .map((project) =>
    typeof project === 'object' && 'test' in project ? { ...project, test: { ...project.test, exclude: [...configDefaults.exclude, ...EXCLUDED] } } : project,
  );

// The repository's root, not this file's folder: the projects' globs are relative to it.
const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({ ...base, root, test: { ...base.test, projects, sequence: { sequencer: FastestFirst } } });
