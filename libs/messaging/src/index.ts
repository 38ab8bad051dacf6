export * from './feed';
export * from './topics';
export * from './wake-signal';
export * from './limits';
export * from './in-process-feed';
export * from './kafka-feed';
export * from './relay';
export * from './tracing';
