export * from './port';
export * from './lru';
export * from './single-flight';
export * from './cached';
export * from './redis';
