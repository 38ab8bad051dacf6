export * from './redis-lock';
export * from './relay';
export * from './producer';
