import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** A layer of src/ may not import from the layers listed: the architecture reads one way. */
const layer = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/generated/', 'bench/results/', 'web/dist/', 'web/src/graphql/generated/', 'test-results/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // One order everywhere: node: built-ins, packages, then the project's own modules, each alphabetical.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', ['internal', 'parent', 'sibling', 'index']],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
          // Tracing must start before anything loads the AWS SDK, which it instruments as it loads (src/telemetry/process-tracing.ts).
          pathGroups: [{ pattern: './telemetry/process-tracing.js', group: 'builtin', position: 'before' }],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            layer('./src/resolvers', ['./src/server', './src/appconfig', './src/cache'], 'Resolvers reach AppConfig and the cache only through the loaders.'),
            layer('./src/loaders', ['./src/resolvers', './src/server', './src/pagination', './src/context.ts'], 'Loaders know nothing of GraphQL.'),
            layer(
              './src/cache',
              ['./src/resolvers', './src/server', './src/loaders', './src/appconfig', './src/context.ts'],
              'The cache stores values; it does not fetch them.',
            ),
            layer(
              './src/appconfig',
              ['./src/resolvers', './src/server', './src/loaders', './src/cache', './src/pagination', './src/context.ts'],
              'The AppConfig edge knows nothing above it.',
            ),
            {
              target: './src/emulator',
              from: './src',
              except: ['./emulator'],
              message: 'The emulator stands alone: it is AppConfig, not part of the gateway.',
            },
            layer(
              './src/model',
              ['./src/resolvers', './src/server', './src/loaders', './src/cache', './src/appconfig', './src/pagination', './src/context.ts'],
              'The model is plain data.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
