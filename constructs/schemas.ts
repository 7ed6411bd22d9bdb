import { Token } from 'cdktf';
import { createSchemas } from '../src/schema';

/** The zod schemas, built once, with cdktf's token predicate. */
export const SCHEMAS = createSchemas((v) => Token.isUnresolved(v));
