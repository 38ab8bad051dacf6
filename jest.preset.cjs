// Shared jest settings: swc transpiles TypeScript (decorators with metadata for Nest),
// and the @sunshine/* aliases resolve to each library's index.ts, as in tsconfig.base.json.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    path.join(root, target),
  ]),
);

// Nest 12 and a few of its dependencies ship only ES modules, which jest (on Node 20) cannot
// require, so swc transpiles them to CommonJS like our own sources.
const esmOnlyPackages = ['@nestjs', 'uid', 'file-type', 'load-esm', 'strtok3', 'token-types',
  '@tokenizer', 'uint8array-extras'];

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
