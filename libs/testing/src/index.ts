export * from './backends';
export * from './kafka';
export * from './http';
export * from './generator';
