export * from './generator';
