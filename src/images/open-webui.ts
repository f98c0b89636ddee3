import { OPEN_WEBUI_ENV } from './open-webui-env.ts';
import { POSIX_ENV, PYTHON_TLS_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const WHEEL = 'pypi:open-webui==0.8.11';

/** Open WebUI's image: its settings are the names its config.py and env.py read (recorded from the wheel). */
export const openWebuiImage: ImageContract = {
  repository: 'ghcr.io/open-webui/open-webui',
  tag: 'v0.8.11',
  source: WHEEL,
  // The image defaults to root (Dockerfile ARG UID=0) and supports any uid owning DATA_DIR since 0.6.23.
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: 'github:open-webui/open-webui Dockerfile (ARG UID=0 GID=0; chown of /app/backend/data to UID:GID)',
  },
  writes: [
    { value: '/app/backend/data', cite: `${WHEEL}:open_webui/env.py (DATA_DIR default BACKEND_DIR/data)` },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 8080 },
    cite: 'github:open-webui/open-webui backend/start.sh (HOST 0.0.0.0, PORT 8080 defaults)',
  },
  health: { value: '/health', cite: `${WHEEL}:open_webui/main.py (@app.get('/health'))` },
  settings: [
    {
      env: OPEN_WEBUI_ENV,
      cite: `${WHEEL}:open_webui/config.py, open_webui/env.py (recorded list, src/images/open-webui-env.ts)`,
    },
    POSIX_ENV,
    PYTHON_TLS_ENV,
  ],
};
