import { GO_TLS_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

/*
 * v7.15.6: v7.15.2 fixed critical authentication bypasses that a forward-auth deployment is exposed to (GHSA-7x63-xv5r-
 * 3p2x, X-Forwarded-Uri spoofing; GHSA-5hvv-m4w4-gf6v, health-check User-Agent), and v7.15.6 is the version the Go
 * module proxy serves, so the tests run the binary the image holds (.ci/tools.d/60-oauth2-proxy.sh). Tag seen in
 * oauth2-proxy/manifests release oauth2-proxy-10.7.2 (2026-11-05, #428 "bump oauth2-proxy to v7.15.6"), whose
 * chart pulls quay.io/oauth2-proxy/oauth2-proxy:v<appVersion>; Go module v7.15.6 published 2026-11-05.
 */
const SRC = 'github:oauth2-proxy/oauth2-proxy@v7.15.6';

/** oauth2-proxy: distroless, every flag also readable as OAUTH2_PROXY_<FLAG>. */
export const oauth2ProxyImage: ImageContract = {
  repository: 'quay.io/oauth2-proxy/oauth2-proxy',
  tag: 'v7.15.6',
  source: SRC,
  user: {
    value: { uid: 65532, gid: 65532 },
    cite: `${SRC}:Dockerfile:59, Makefile:62 (RUNTIME_IMAGE gcr.io/distroless/static:nonroot, uid/gid 65532)`,
  },
  writes: [],
  listens: {
    value: { address: '0.0.0.0', port: 4180 },
    cite: `${SRC}:pkg/apis/options/legacy_options.go:494 (--http-address, default 127.0.0.1:4180; render sets 0.0.0.0:4180)`,
  },
  health: {
    value: '/ping',
    cite: `${SRC}:pkg/apis/options/options.go:105-106 (PingPath /ping, ReadyPath /ready)`,
  },
  probePaths: [{ value: '/ready', cite: `${SRC}:pkg/apis/options/options.go:106` }],
  settings: [
    {
      env: [],
      envPrefixes: ['OAUTH2_PROXY_'],
      cite: `${SRC}:pkg/apis/options/load.go:31 (viper SetEnvPrefix("OAUTH2_PROXY"))`,
    },
    GO_TLS_ENV,
  ],
};
