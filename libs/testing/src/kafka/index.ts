export * from './mock-kafka';
