// @ts-check
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Provider classes by submodule only: the package index costs seconds and hundreds of MB at start-up.
const providerIndex = [
  { name: '@cdktf/provider-aws', message: "import by submodule: '@cdktf/provider-aws/lib/<resource>'" },
  {
    name: '@cdktf/provider-cloudflare',
    message: "import by submodule: '@cdktf/provider-cloudflare/lib/<resource>'",
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'lib/', 'cdktf.out/', 'coverage/', 'bench/results/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      curly: ['error', 'multi-line'],
      'no-restricted-imports': [
        'error',
        {
          paths: providerIndex,
          // The flavour is chosen at build time, in one place (scripts/flavours.ts): the source
          // imports cdktf and the @cdktf providers only.
          patterns: [
            { group: ['cdktn', 'cdktn/*', '@cdktn/*'], message: 'import cdktf: scripts/flavours.ts maps it' },
          ],
        },
      ],
    },
  },
  {
    // The framework boundary: src/ is knowledge (catalogues, policies, validation, the handler) and
    // never depends on cdktf or constructs, so another emitter could use it.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: providerIndex,
          patterns: [
            {
              group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*', 'cdktn', 'cdktn/*', '@cdktn/*'],
              message: 'src/ never imports cdktf or constructs',
            },
            {
              group: ['**/constructs/*', '**/constructs/**'],
              message: 'src/ never imports the construct layer',
            },
          ],
        },
      ],
    },
  },
);
