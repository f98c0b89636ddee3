/**
 * The contract of a container image at one version: what it runs as, writes, listens on and reads,
 * each fact citing the upstream file it was read from at that version. Render builds pods from it and
 * the image-* check rules prove a pod spec honours it, so these facts live here only.
 */

/** Where a fact was read: `<repository or package>@<version>:<file>:<line>`, or a document. */
export type Cite = string;

/** A fact with the source it was read from. */
export interface Cited<T> {
  value: T;
  cite: Cite;
}

/** How the image's application checks API keys it issues itself (a LiteLLM virtual key). */
export interface ApiKeyAuth {
  /** Request header carrying the key. */
  header: string;
  /** Traefik `HeaderRegexp` pattern a request's header must match to be sent on without SSO. */
  pattern: string;
  /** What the key is, for messages. */
  what: string;
  cite: Cite;
}

/** The settings an image reads: exact environment names and name prefixes (a config-by-env scheme). */
export interface Settings {
  env: readonly string[];
  /** Prefixes every name of which the application maps onto its config (e.g. Qdrant's `QDRANT__`). */
  envPrefixes?: readonly string[];
  cite: Cite;
}

/** One image's contract. */
export interface ImageContract {
  /** Repository without tag, e.g. `ollama/ollama`. */
  repository: string;
  /** The tag the facts were read at. */
  tag: string;
  /** The upstream source read, e.g. `github:ollama/ollama@v0.32.3`. */
  source: string;
  /** User and group the image runs as (the pod must run as them). */
  user: Cited<{ uid: number; gid: number }>;
  /** Paths the process writes at run time: a read-only root needs each mounted writable. */
  writes: readonly Cited<string>[];
  /** Address and port the process listens on (with the configuration render gives it). */
  listens: Cited<{ address: string; port: number }>;
  /** HTTP path that answers when the process is healthy (the liveness probe's). */
  health?: Cited<string>;
  /** Further health paths the server answers (a readiness endpoint), for probes. */
  probePaths?: readonly Cited<string>[];
  /**
   * The command that starts the server when render replaces the image's entrypoint. A container with
   * another command runs another program of the image (a client in a Job): the server's writes, port and
   * probes do not apply to it; its user and settings do.
   */
  command?: Cited<readonly string[]>;
  /** Environment the application reads (its own names), and the shared runtime names (HOME, TLS bundles). */
  settings: readonly Settings[];
  /** API keys the application checks itself, so API clients may reach it without SSO. */
  apiKey?: ApiKeyAuth;
  /**
   * How its config file names an environment variable whose value the application reads in its place (LiteLLM's
   * `os.environ/NAME`): a name so referenced from a ConfigMap mounted into the container is one it reads.
   */
  configEnvRef?: Cited<string>;
  /** An MCP server: the path it serves streamable HTTP on and the tools it registers at this version. */
  mcp?: Cited<{ path: string; tools: readonly string[] }>;
}
