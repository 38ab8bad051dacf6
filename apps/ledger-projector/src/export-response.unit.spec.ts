import { HttpException } from '@nestjs/common';
import { ExportSlots } from './export-response';

describe('export slots', () => {
  it('answer 429 beyond the limit and free a slot when an export ends or fails', async () => {
    const slots = new ExportSlots(1);
    let finish: () => void = () => undefined;
    const running = slots.run(() => new Promise<void>((resolve) => { finish = resolve; }));
    const refused = slots.run(async () => 'second');
    await expect(refused).rejects.toBeInstanceOf(HttpException);
    await expect(refused).rejects.toMatchObject({ status: 429 });
    finish();
    await running;
    await expect(slots.run(() => Promise.reject(new Error('read failed')))).rejects.toThrow(
      'read failed');
    await expect(slots.run(async () => 'after')).resolves.toBe('after');
  });
});
