#!/usr/bin/env node
// The `shai` command. shai runs from its TypeScript sources through tsx, so `npm ci` is the whole set-up:
// no build step, no dist/ to go stale. README.md ("Why no build step") says why.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
