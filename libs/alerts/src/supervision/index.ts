export * from './alert-detail';
export * from './evidence';
export * from './reports';
export * from './tamper-alarm';
