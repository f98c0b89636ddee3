import { GO_TLS_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:oauth2-proxy/oauth2-proxy@v7.14.3';

/** oauth2-proxy: distroless, every flag also readable as OAUTH2_PROXY_<FLAG>. */
export const oauth2ProxyImage: ImageContract = {
  repository: 'quay.io/oauth2-proxy/oauth2-proxy',
  tag: 'v7.14.3',
  source: SRC,
  user: {
    value: { uid: 65532, gid: 65532 },
    cite: `${SRC}:Dockerfile:59 (RUNTIME_IMAGE gcr.io/distroless/static:nonroot, uid/gid 65532)`,
  },
  writes: [],
  listens: {
    value: { address: '0.0.0.0', port: 4180 },
    cite: `${SRC}:pkg/apis/options/legacy_options.go (--http-address, set by render)`,
  },
  health: {
    value: '/ping',
    cite: `${SRC}:pkg/apis/options/options.go:104-105 (PingPath /ping, ReadyPath /ready)`,
  },
  probePaths: [{ value: '/ready', cite: `${SRC}:pkg/apis/options/options.go:105` }],
  settings: [
    {
      env: [],
      envPrefixes: ['OAUTH2_PROXY_'],
      cite: `${SRC}:pkg/apis/options/load.go (viper SetEnvPrefix("OAUTH2_PROXY"))`,
    },
    GO_TLS_ENV,
  ],
};
