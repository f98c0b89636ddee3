import { registry } from '../../src/services/registry.ts';
import { fakeRegistry } from './fake-registry.ts';

/** True once src/services/registry.ts lists the services; until then the config tests use the fake catalog. */
export const realRegistry = registry.length > 0;

/** The registry the config tests load against (the real one as soon as it is filled). */
export const testRegistry = realRegistry ? registry : fakeRegistry;

/** Shown in test names so a run says which registry it used. */
export const registryLabel = realRegistry
  ? 'real registry'
  : 'fake catalog: src/services/registry.ts is still empty';
