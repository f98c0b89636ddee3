import type { Settings } from './types.ts';

/** Names every process reads from its environment through libc and the shell (POSIX). */
export const POSIX_ENV: Settings = {
  env: ['HOME', 'PATH', 'TZ', 'LANG', 'TMPDIR'],
  cite: 'POSIX.1-2017 XBD 8.3 Other Environment Variables',
};

/** CA bundle overrides read by OpenSSL (SSL_CERT_FILE/DIR) and Python requests (REQUESTS_CA_BUNDLE). */
export const PYTHON_TLS_ENV: Settings = {
  env: ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE'],
  cite: 'openssl crypto/x509/by_dir.c X509_get_default_cert_file_env; psf/requests src/requests/utils.py DEFAULT_CA_BUNDLE_PATH/REQUESTS_CA_BUNDLE',
};

/** CA bundle overrides of Go's crypto/x509 on Linux. */
export const GO_TLS_ENV: Settings = {
  env: ['SSL_CERT_FILE', 'SSL_CERT_DIR'],
  cite: 'golang/go src/crypto/x509/root_unix.go certFileEnv/certDirEnv',
};

/** Node.js: extra CA certificates and options from the environment. */
export const NODE_ENV: Settings = {
  env: ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'NODE_ENV'],
  cite: 'nodejs/node doc/api/cli.md "Environment variables"',
};
