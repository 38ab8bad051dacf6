export * from './backends';
export * from './kafka';
export * from './http';
