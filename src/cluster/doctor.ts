import { UserError } from '../errors.ts';
import type { Plan, PlannedHost } from '../plan/types.ts';
import type { Finding, Report } from '../report/types.ts';
import { anonymise } from './anonymise.ts';
import { diagnose, doctorReport } from './diagnose.ts';
import { explainFindings, type Explanation } from './explain.ts';
import { probePrometheus } from './prometheus/probe.ts';
import { probeHosts, type ProbeResult } from './probes.ts';
import { readDumpFiles } from './read-dump.ts';
import { probeScrapeTargets } from './scrape-targets.ts';
import { readLive } from './read-live.ts';
import { probeComfyuiQueue } from './workflows/comfyui-queue.ts';
import { probeN8nExecutions } from './workflows/n8n-executions.ts';
import type { ClusterState } from './state.ts';
import { skippedFinding } from './skipped.ts';

/** Everything `shai doctor` was asked to do, already parsed from flags. */
export interface DoctorOptions {
  /** Dump files or directories; without them, the live cluster. */
  from?: string[];
  kubeconfig?: string;
  context?: string;
  plan?: Plan;
  /** Why the plan is missing when platform.yaml exists but could not be planned (reported as skipped). */
  planUnavailable?: string;
  probe?: boolean;
  /** Prometheus base URL for --probe (firing alerts and down targets); in a pod, the planned Service. */
  prometheus?: string;
  /** Doctor runs in a pod: probe the in-cluster Service URLs instead of the public hosts. */
  inCluster?: boolean;
  /**
   * With --probe, n8n's and ComfyUI's APIs for workflow symptoms (failed executions, a stuck queue): their base
   * URLs (in a pod, the planned Services; outside, e.g. port-forwards, since their hosts are behind single
   * sign-on) and n8n's API key.
   */
  workflows?: { n8n?: string; comfyui?: string; n8nApiKey?: string };
  explain?: { baseURL?: string; model?: string; apiKey: string };
  /** Replace object names, namespaces and hosts in the findings by placeholders, as --explain sends them (shai mcp). */
  anonymise?: boolean;
}

/** The edges doctor touches besides the cluster: fetch for probes and the LLM, a monotonic clock. */
export interface DoctorIo {
  fetch: typeof fetch;
  now(): number;
  /** Wall-clock time (ms since the epoch) for "in the last day"; Date.now() when not given. */
  wallClock?: () => number;
}

/** Reads the cluster, diagnoses it, optionally probes hosts and asks a model; returns the Report. */
export async function runDoctor(opts: DoctorOptions, io: DoctorIo): Promise<Report> {
  const state: ClusterState = opts.from?.length
    ? await readDumpFiles(opts.from)
    : await readLive({ kubeconfig: opts.kubeconfig, context: opts.context });
  const d = diagnose(state, opts.plan);
  const extra: Record<string, unknown> = {};
  if (opts.planUnavailable) d.findings.push(skippedFinding('intent', 'intent', opts.planUnavailable));
  if (opts.probe) {
    const hosts = probeTargets(opts.plan, opts.inCluster ?? false);
    if (hosts.length === 0)
      d.findings.push(
        skippedFinding('probe', 'probes', 'no exposed hosts with a health path: --probe needs platform.yaml'),
      );
    else {
      const { findings, results } = await probeHosts(hosts, { fetch: io.fetch, now: io.now });
      d.findings.push(...findings);
      d.examined.probes = results.length;
      extra.probes = results satisfies ProbeResult[];
    }
    // Prometheus's view of its scrapes and alerts: its in-cluster URL from a pod, else the one given
    // (Prometheus sits behind forward-auth outside the cluster).
    const inCluster = opts.plan?.services.find((x) => x.name === 'kube-prometheus-stack')?.urls.prometheus;
    const prometheus = opts.prometheus ?? (opts.inCluster ? inCluster : undefined);
    if (prometheus) {
      d.findings.push(...(await probeScrapeTargets(prometheus, io)));
      d.findings = await probePrometheus(d.findings, prometheus, io);
    }
    d.findings.push(...(await probeWorkflows(opts, io)));
  }
  // Nothing failed: nothing to explain, and no reason to send anything anywhere.
  if (opts.explain && d.findings.some((f) => f.status === 'fail' || f.status === 'error')) {
    try {
      const explanation: Explanation = await explainFindings(d.findings, {
        baseURL: opts.explain.baseURL ?? litellmURL(opts.plan),
        model: opts.explain.model ?? opts.plan?.models[0]?.alias ?? '',
        apiKey: opts.explain.apiKey,
        fetch: io.fetch,
        names: namesIn(state),
      });
      extra.explanation = explanation;
    } catch (err) {
      // The diagnosis stands on its own: an unreachable model loses the explanation, never the report.
      if (!(err instanceof UserError)) throw err;
      extra.explanationFailed = err.message;
    }
  }
  const findings = opts.anonymise ? anonymise(d.findings, namesIn(state)).findings : d.findings;
  return doctorReport(state.source, { ...d, findings }, extra);
}

/** n8n's failed executions and ComfyUI's queue, where the plan runs them and a URL to reach them is known. */
async function probeWorkflows(opts: DoctorOptions, io: DoctorIo): Promise<Finding[]> {
  const url = (service: string, given?: string) => {
    const s = opts.plan?.services.find((x) => x.name === service);
    return s ? (given ?? (opts.inCluster ? s.urls.http : undefined)) : undefined;
  };
  const now = io.wallClock?.() ?? Date.now();
  const n8n = url('n8n', opts.workflows?.n8n);
  const comfyui = url('comfyui', opts.workflows?.comfyui);
  return [
    ...(n8n ? await probeN8nExecutions(n8n, opts.workflows?.n8nApiKey, io, now) : []),
    ...(comfyui ? await probeComfyuiQueue(comfyui, io, now) : []),
  ];
}

/** Hosts with a health path; inside the cluster their URL is the service's own (Traefik and DNS not involved). */
export function probeTargets(plan: Plan | undefined, inCluster: boolean): PlannedHost[] {
  const hosts = plan?.hosts.filter((h) => h.healthPath) ?? [];
  if (!inCluster) return hosts;
  return hosts.map((h) => {
    const url = plan?.services.find((s) => s.name === h.service)?.urls[h.port];
    return url ? { ...h, url } : h;
  });
}

/** `https://llm.<domain>/v1`: the platform's own LiteLLM, the default model endpoint for --explain. */
export function litellmURL(plan: Plan | undefined): string {
  const host = plan?.hosts.find((h) => h.service === 'litellm');
  if (!host) return '';
  return new URL('/v1', host.url).toString();
}

/** Names that appear inside messages (nodes, secrets, claims, ...), so the anonymiser hides them too. */
function namesIn(state: ClusterState): { kind: string; name: string }[] {
  const kinds = [
    'Node',
    'Namespace',
    'Secret',
    'ConfigMap',
    'PersistentVolumeClaim',
    'Service',
    'StorageClass',
    'Pod',
  ];
  return kinds.flatMap((kind) => state.objects(kind).map((o) => ({ kind, name: o.metadata.name })));
}
