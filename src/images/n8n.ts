import { N8N_ENV } from './n8n-env.ts';
import { NODE_ENV, POSIX_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const PKG = 'npm:n8n@2.41.3 + npm:@n8n/config@2.39.0';

/** n8n's image, pinned to the newest release the npm registry here serves (2.41.3). */
export const n8nImage: ImageContract = {
  repository: 'n8nio/n8n',
  tag: '2.41.3',
  source: PKG,
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: 'github:n8n-io/n8n docker/images/n8n/Dockerfile (USER node; node:alpine uid/gid 1000)',
  },
  writes: [
    {
      value: '/home/node/.n8n',
      cite: 'npm:n8n-core@2.41.2 dist/instance-settings (N8N_USER_FOLDER default ~/.n8n: config, binary data, nodes)',
    },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 5678 },
    cite: 'npm:@n8n/config@2.39.0 dist/index.js:251 (N8N_PORT default 5678; N8N_LISTEN_ADDRESS)',
  },
  health: {
    value: '/healthz',
    cite: 'npm:n8n@2.41.3 dist/abstract-server.js:93-99 (/healthz, /healthz/readiness)',
  },
  probePaths: [{ value: '/healthz/readiness', cite: 'npm:n8n@2.41.3 dist/abstract-server.js:93-99' }],
  settings: [{ env: N8N_ENV, cite: `${PKG} (recorded list, src/images/n8n-env.ts)` }, POSIX_ENV, NODE_ENV],
};
