import { DomainError } from '@sunshine/domain';
import { type Runtime, verifyToken } from '@sunshine/platform';
import type { Request } from 'express';
import { demoPrincipals } from './dashboard.module';
import { DevTokensController, isLoopbackAddress } from './dev-tokens.controller';

const SECRET = 'dev-tokens-unit-secret-0123456789';

describe('isLoopbackAddress', () => {
  it.each([['127.0.0.1'], ['127.1.2.3'], ['::1'], ['::ffff:127.0.0.1']])(
    'accepts %s', (address) => expect(isLoopbackAddress(address)).toBe(true));

  it.each([['10.0.0.5'], ['192.168.1.2'], ['::ffff:10.0.0.5'], ['fe80::1'], ['128.0.0.1'],
    ['127.example.com'], [''], [undefined]])(
    'refuses %s', (address) => expect(isLoopbackAddress(address)).toBe(false));
});

describe('DevTokensController', () => {
  const runtime = { config: { jwtSecret: SECRET } } as unknown as Runtime;
  const controller = new DevTokensController(runtime, demoPrincipals());
  const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as Request;

  it('hands a loopback client tokens that carry exp', () => {
    const { items } = controller.tokens(from('127.0.0.1'));
    expect(items.length).toBe(demoPrincipals().length);
    for (const item of items) {
      const payload = JSON.parse(Buffer.from(item.token.split('.')[1]!, 'base64url').toString());
      expect(typeof payload.exp).toBe('number');
      expect(verifyToken(item.token, SECRET).sub).toBe(item.sub);
    }
  });

  it('refuses a client on another address with 403', () => {
    expect(() => controller.tokens(from('192.168.1.20'))).toThrow(DomainError);
    expect(() => controller.tokens(from('::ffff:10.1.1.1'))).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
