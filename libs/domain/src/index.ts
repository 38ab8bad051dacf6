export * from './primitives';
export * from './events';
export * from './errors';
export * from './decider';
