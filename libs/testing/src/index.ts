export * from '@sunshine/test-backends';
export * from './kafka';
export * from './http';
export * from './generator';
export * from './host/host-process';
