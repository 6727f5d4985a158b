import type { CodegenConfig } from '@graphql-codegen/cli';

// The dashboard's documents are typed from the gateway's own SDL, so a field renamed in schema/ fails
// `npm run typecheck` here too, not a page in a browser.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/graphql/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/graphql/generated/': {
      preset: 'client',
      presetConfig: {
        // Components receive plain fragment data; Apollo's cache, not masking, keeps views consistent.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
