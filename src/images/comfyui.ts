import { POSIX_ENV, PYTHON_TLS_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:lecode-official/comfyui-docker@v0.5.0';
// The image clones ComfyUI v0.3.49 (source/Dockerfile:3); its flags were read from ComfyUI's cli_args.py at that
// version (the Comfy-Org/ComfyUI snapshot's commit 32a95bba, "ComfyUI version 0.3.49"; every flag below is there).
const COMFY = 'github:Comfy-Org/ComfyUI@32a95bba (v0.3.49) comfy/cli_args.py';

/**
 * ComfyUI from lecode-official/comfyui-docker: PyTorch's CUDA runtime image with ComfyUI cloned into
 * /opt/comfyui and its requirements installed at build time. Render runs `python main.py` itself rather than the
 * entrypoint (which creates a user, chowns /opt/comfyui and installs custom nodes' requirements at start, all of
 * which need root), so it runs as any non-root uid with the directories ComfyUI writes mounted writable.
 * Published as ghcr.io/lecode-official/comfyui-docker:<semver> (.github/workflows/build-and-publish.yml:86-92).
 */
export const comfyuiImage: ImageContract = {
  repository: 'ghcr.io/lecode-official/comfyui-docker',
  tag: '0.5.0',
  source: `${SRC}; ${COMFY}`,
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: `${SRC}:source/Dockerfile (no USER; files root-owned and world-readable); source/entrypoint.sh:63-67 (python main.py without a user switch)`,
  },
  writes: [
    {
      value: '/opt/comfyui/models',
      cite: `${COMFY} (no models flag; folder_paths.py:22 models_dir = <code>/models; the download Job writes here)`,
    },
    { value: '/opt/comfyui/output', cite: `${COMFY} (--output-directory default <code>/output)` },
    { value: '/opt/comfyui/input', cite: `${COMFY} (--input-directory default <code>/input)` },
    { value: '/opt/comfyui/temp', cite: `${COMFY} (--temp-directory default <code>/temp)` },
    {
      value: '/opt/comfyui/user',
      cite: `${COMFY} (--user-directory default <code>/user; --database-url default <code>/user/comfyui.db)`,
    },
    { value: '/tmp', cite: 'pytorch/pytorch runtime: torch and triton caches under HOME (set to /tmp)' },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 8188 },
    cite: `${COMFY} (--listen default 127.0.0.1, --port 8188); ${SRC}:source/entrypoint.sh:64-66 (--listen 0.0.0.0 --port 8188)`,
  },
  health: { value: '/system_stats', cite: 'github:comfyanonymous/ComfyUI server.py (GET /system_stats)' },
  command: {
    value: [
      '/opt/conda/bin/python',
      'main.py',
      '--listen',
      '0.0.0.0',
      '--port',
      '8188',
      '--disable-auto-launch',
    ],
    cite: `${SRC}:source/entrypoint.sh:63-67 (the same command, without the user switch); source/Dockerfile (WORKDIR /opt/comfyui)`,
  },
  settings: [POSIX_ENV, PYTHON_TLS_ENV],
};
