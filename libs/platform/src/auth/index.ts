export * from './principal';
export * from './jwt';
export * from './guard';
