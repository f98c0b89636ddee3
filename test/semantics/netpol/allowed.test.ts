import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../../src/check/read.ts';
import { allowed, blockedBy, worldOf, type NetPod } from '../../../src/semantics/netpol/index.ts';

/** A world from YAML documents, as `shai check PATH` would read them. */
const world = (yaml: string) => worldOf(parseObjects(yaml, 'test.yaml'));
const pod = (w: ReturnType<typeof world>, id: string): NetPod => {
  const p = w.pods.find((x) => x.id === id);
  if (!p) throw new Error(`no pod ${id}`);
  return p;
};

const deploy = (ns: string, name: string, labels: Record<string, string> = {}, ports = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: '${name}', namespace: '${ns}' }
spec:
  selector: { matchLabels: { app: '${name}' } }
  template:
    metadata:
      labels: ${JSON.stringify({ app: name, ...labels })}
    spec:
      containers:
        - name: main
          image: example/${name}:1.0.0
${ports}
---`;
const policy = (ns: string, spec: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p${Math.abs(spec.length)}, namespace: ${ns} }
spec:
${spec}
---`;

describe('allowed', () => {
  it('is open in both directions when no policy selects either pod', () => {
    const w = world(deploy('a', 'x') + deploy('b', 'y'));
    expect(allowed(w, pod(w, 'a/x'), pod(w, 'b/y'), { port: 80 })).toBe(true);
  });

  it('implies Ingress only for a policy without policyTypes and without egress rules', () => {
    const w = world(deploy('a', 'x') + deploy('a', 'y') + policy('a', '  podSelector: {}'));
    expect(blockedBy(w, pod(w, 'a/x'), pod(w, 'a/y'), { port: 80 })).toBe('ingress');
    // Egress of x is still open: y's ingress is what blocks.
    const w2 = world(deploy('a', 'x') + deploy('b', 'y') + policy('a', '  podSelector: {}'));
    expect(allowed(w2, pod(w2, 'a/x'), pod(w2, 'b/y'), { port: 80 })).toBe(true);
  });

  it('implies Egress when egress rules are present', () => {
    const w = world(
      deploy('a', 'x') +
        deploy('b', 'y') +
        policy('a', '  podSelector: {}\n  egress:\n    - ports: [{ port: 53, protocol: UDP }]'),
    );
    expect(blockedBy(w, pod(w, 'a/x'), pod(w, 'b/y'), { port: 80 })).toBe('egress');
    expect(allowed(w, pod(w, 'a/x'), pod(w, 'b/y'), { port: 53, protocol: 'UDP' })).toBe(true);
    expect(allowed(w, pod(w, 'a/x'), pod(w, 'b/y'), { port: 53 })).toBe(false);
  });

  it('selects pods with matchExpressions (In, NotIn, Exists, DoesNotExist)', () => {
    const objs =
      deploy('a', 'x', { tier: 'web' }) +
      deploy('a', 'y', { tier: 'db' }) +
      deploy('a', 'z') +
      policy(
        'a',
        '  podSelector:\n    matchExpressions:\n      - { key: tier, operator: Exists }\n      - { key: tier, operator: NotIn, values: [web] }\n  policyTypes: [Ingress]',
      );
    const w = world(objs);
    expect(allowed(w, pod(w, 'a/z'), pod(w, 'a/x'), { port: 1 })).toBe(true);
    expect(allowed(w, pod(w, 'a/z'), pod(w, 'a/y'), { port: 1 })).toBe(false);
    const w2 = world(
      deploy('a', 'x', { tier: 'web' }) +
        deploy('a', 'z') +
        policy('a', '  podSelector:\n    matchExpressions: [{ key: tier, operator: DoesNotExist }]'),
    );
    expect(allowed(w2, pod(w2, 'a/x'), pod(w2, 'a/z'), { port: 1 })).toBe(false);
    expect(allowed(w2, pod(w2, 'a/z'), pod(w2, 'a/x'), { port: 1 })).toBe(true);
  });

  it('reads namespace labels from Namespace objects, and kubernetes.io/metadata.name always', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: b, labels: { team: ai } }\n---';
    const rule = (sel: string) =>
      policy('a', `  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: ${sel}`);
    const byTeam = world(
      ns + deploy('a', 'x') + deploy('b', 'y') + deploy('c', 'z') + rule('{ matchLabels: { team: ai } }'),
    );
    expect(allowed(byTeam, pod(byTeam, 'b/y'), pod(byTeam, 'a/x'), { port: 1 })).toBe(true);
    expect(allowed(byTeam, pod(byTeam, 'c/z'), pod(byTeam, 'a/x'), { port: 1 })).toBe(false);
    const byName = world(
      deploy('a', 'x') + deploy('c', 'z') + rule("{ matchLabels: { 'kubernetes.io/metadata.name': c } }"),
    );
    expect(allowed(byName, pod(byName, 'c/z'), pod(byName, 'a/x'), { port: 1 })).toBe(true);
  });

  it('ANDs namespaceSelector and podSelector in one peer; a podSelector alone means the policy namespace', () => {
    const both = policy(
      'a',
      "  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': b } }\n          podSelector: { matchLabels: { app: 'y' } }",
    );
    const w = world(deploy('a', 'x') + deploy('b', 'y') + deploy('b', 'q') + deploy('a', 'y') + both);
    expect(allowed(w, pod(w, 'b/y'), pod(w, 'a/x'), { port: 1 })).toBe(true);
    expect(allowed(w, pod(w, 'b/q'), pod(w, 'a/x'), { port: 1 })).toBe(false);
    expect(allowed(w, pod(w, 'a/y'), pod(w, 'a/x'), { port: 1 })).toBe(false);
    const podOnly = policy(
      'a',
      "  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: { matchLabels: { app: 'y' } }",
    );
    const w2 = world(deploy('a', 'x') + deploy('b', 'y') + deploy('a', 'y') + podOnly);
    expect(allowed(w2, pod(w2, 'a/y'), pod(w2, 'a/x'), { port: 1 })).toBe(true);
    expect(allowed(w2, pod(w2, 'b/y'), pod(w2, 'a/x'), { port: 1 })).toBe(false);
  });

  it('admits pods through an ipBlock only when it covers the pod network and no except cuts into it', () => {
    const block = (b: string) =>
      policy('a', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ ipBlock: ${b} }]`);
    const open = world(deploy('a', 'x') + deploy('b', 'y') + block("{ cidr: '0.0.0.0/0' }"));
    expect(allowed(open, pod(open, 'a/x'), pod(open, 'b/y'), { port: 1 })).toBe(true);
    const internet = world(
      deploy('a', 'x') + deploy('b', 'y') + block("{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }"),
    );
    expect(allowed(internet, pod(internet, 'a/x'), pod(internet, 'b/y'), { port: 1 })).toBe(false);
  });

  it('matches ports by number, endPort range, protocol and name resolved on the target pod', () => {
    const ports =
      '          ports:\n            - { name: http, containerPort: 8080 }\n            - { name: dns, containerPort: 53, protocol: UDP }';
    const rule = (p: string) =>
      policy('a', `  podSelector: { matchLabels: { app: 'y' } }\n  ingress:\n    - ports: [${p}]`);
    const target = deploy('a', 'y', {}, ports) + deploy('a', 'x');
    const named = world(target + rule('{ port: http }'));
    expect(allowed(named, pod(named, 'a/x'), pod(named, 'a/y'), { port: 8080 })).toBe(true);
    expect(allowed(named, pod(named, 'a/x'), pod(named, 'a/y'), { port: 8081 })).toBe(false);
    const range = world(target + rule('{ port: 8000, endPort: 8100 }'));
    expect(allowed(range, pod(range, 'a/x'), pod(range, 'a/y'), { port: 8080 })).toBe(true);
    expect(allowed(range, pod(range, 'a/x'), pod(range, 'a/y'), { port: 8101 })).toBe(false);
    const udp = world(target + rule('{ port: 53, protocol: UDP }'));
    expect(allowed(udp, pod(udp, 'a/x'), pod(udp, 'a/y'), { port: 53, protocol: 'UDP' })).toBe(true);
    expect(allowed(udp, pod(udp, 'a/x'), pod(udp, 'a/y'), { port: 53 })).toBe(false);
  });
});
