import type { z } from 'zod';

/** A command: an imperative type name and its data, as parsed by the data schema. */
export type CommandOf<T extends string, S extends z.ZodType> = { type: T; data: z.infer<S> };
