/** The finding ids `shai doctor --probe` gives what it reads from Prometheus (runbooks name them). */
export const PROBE_ANALYZERS = ['prometheus-alerts', 'prometheus-targets'] as const;
