export * from '@sunshine/test-backends';
export * from './kafka';
export * from './http';
// The county generator is production code (the host seeds its demo county with it); tests
// reach it here as before.
export * from '@sunshine/demo';
export * from './host/host-process';
export * from './otel/otlp-receiver';
export * from './json-schema/draft04';
export * from './fleet/fleet';
