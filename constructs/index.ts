export * from './log-bucket';
export * from './logpush-pipeline';
export * from './ownership-verification';
