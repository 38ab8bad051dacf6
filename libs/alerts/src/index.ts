export * from './config';
export * from './candidate';
export * from './facts';
export * from './rules';
