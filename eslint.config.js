// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.wrangler/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // lib/ is runtime-agnostic: Web-standard APIs only. Runtime clients are injected from functions/.
    files: ['lib/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['ioredis', '@hono/node-server', 'hono/aws-lambda', 'prom-client'].map((name) => ({
            name,
            message: 'lib/ must not import runtime clients; inject them from functions/.',
            allowTypeImports: true,
          })),
          patterns: [{ group: ['node:*'], message: 'lib/ must not import Node built-ins.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'lib/ is runtime-agnostic; read the environment in functions/.',
        },
        { name: 'Buffer', message: 'lib/ is runtime-agnostic; use TextDecoder/Uint8Array.' },
      ],
    },
  },
  {
    // The shape of the code: short functions, short files (blank lines and comments not counted).
    files: ['lib/**/*.ts', 'functions/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 250, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Data tables: one row per metric or setting, long by nature.
    files: [
      'lib/metrics/catalog*.ts',
      'lib/metrics/catalog/**',
      'lib/settings/table.ts',
      'lib/settings/docs.ts',
    ],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'ops/lambda/*.mjs', 'eslint.config.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URLSearchParams: 'readonly' },
    },
  },
  {
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  }
)
