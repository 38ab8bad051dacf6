import type { NewEvent } from '@sunshine/event-store';
import { byWriter, type CommandEvent } from './dataset';
import { forEachConcurrent, percentile, ratio, throughput } from './measure';

const event: NewEvent = {
  type: 'RegionDefined', schemaVersion: 1, data: {}, occurredOn: '2025-01-01',
  actor: { sub: 'generator', role: 'admin' }, correlationId: 'c', causationId: 'c',
};

describe('bench measures', () => {
  it('takes the nearest-rank percentile', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
  });

  it('computes events per second and ratios', () => {
    expect(throughput(5000, 250).eventsPerSecond).toBe(20_000);
    expect(ratio(300, 100)).toBe(3);
    expect(ratio(300, null)).toBeNull();
  });

  it('never runs more than the allowed number of workers at once', async () => {
    let running = 0;
    let peak = 0;
    await forEachConcurrent([...Array(20).keys()], 3, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
    });
    expect(peak).toBe(3);
  });

  it('keeps every stream with one writer, in order', () => {
    const commands: CommandEvent[] = ['a', 'b', 'a', 'c', 'a', 'b'].map((streamId, i) => ({
      streamId, event: { ...event, occurredOn: `2025-01-0${i + 1}` },
    }));
    const queues = byWriter(commands, 2);
    const owners = new Map<string, number>();
    queues.forEach((queue, writer) => queue.forEach((c) => {
      expect(owners.get(c.streamId) ?? writer).toBe(writer);
      owners.set(c.streamId, writer);
    }));
    const a = queues.flat().filter((c) => c.streamId === 'a').map((c) => c.event.occurredOn);
    expect(a).toEqual(['2025-01-01', '2025-01-03', '2025-01-05']);
  });
});
