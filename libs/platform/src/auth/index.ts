export * from './principal';
export * from './jwt';
