// Test tiers are named in the file name: *.unit.spec.ts (pure, no I/O),
// *.int.spec.ts (real PostgreSQL, Redis, Kafka protocol), *.e2e.spec.ts (HTTP or browser
// against a running app). Each tier is a jest project, so `--selectProjects unit` runs one.
const preset = require('./jest.preset.cjs');

const roots = ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/tools'];
const tier = (name, timeoutMs) => ({
  ...preset,
  displayName: name,
  roots,
  testMatch: [`**/*.${name}.spec.ts`],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: timeoutMs,
});

module.exports = {
  // testTimeout is a global option: jest ignores it inside `projects`.
  testTimeout: 240_000,
  projects: [tier('unit', 30_000), tier('int', 240_000), tier('e2e', 240_000)],
};
