import type { NewEvent } from '@sunshine/event-store';
import { generateCounty, HUAIAN_SCALE, scaleCounty, type GeneratedCounty } from '@sunshine/testing';
import { HUAIAN_EVENTS_ESTIMATE, type BenchConfig } from './config';

/** The benchmark's synthetic county: HUAIAN_SCALE shrunk to about BENCH_EVENTS events. */
export function benchCounty(config: BenchConfig): GeneratedCounty {
  const factor = config.BENCH_EVENTS / HUAIAN_EVENTS_ESTIMATE;
  return generateCounty({ ...scaleCounty(HUAIAN_SCALE, factor), seed: config.BENCH_SEED });
}

export interface CommandEvent {
  streamId: string;
  event: NewEvent;
}

/**
 * The first `limit` generated events, one per command, without the generator's event ids
 * (the command measure writes into its own database, but ids must stay store-assigned as a
 * real command would have them).
 */
export function commandEvents(county: GeneratedCounty, limit: number): CommandEvent[] {
  const out: CommandEvent[] = [];
  for (const stream of county) {
    for (const event of stream.events) {
      if (out.length >= limit) return out;
      const withoutId: NewEvent = { ...event };
      delete withoutId.eventId;
      out.push({ streamId: stream.streamId, event: withoutId });
    }
  }
  return out;
}

/** Splits commands over writers by stream, so each stream's order stays with one writer. */
export function byWriter(commands: CommandEvent[], writers: number): CommandEvent[][] {
  const queues: CommandEvent[][] = Array.from({ length: writers }, () => []);
  const owner = new Map<string, number>();
  for (const command of commands) {
    let writer = owner.get(command.streamId);
    if (writer === undefined) {
      writer = owner.size % writers;
      owner.set(command.streamId, writer);
    }
    queues[writer]?.push(command);
  }
  return queues;
}
