import type { ServiceDef } from './types.ts';

/** Every service of the platform, in one explicit list. Adding a service is one file and one line here. */
export const registry: readonly ServiceDef[] = [];
