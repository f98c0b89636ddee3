/** Newcomer cases D19–D23: dumps doctor used to grade A although it could not see what it graded. */
import { describe, expect, it } from 'vitest';
import { parseDumps } from '../../src/cluster/read-dump.ts';
import { UserError } from '../../src/errors.ts';
import { deployment, homelabNodes, list, pod, toJson, type Obj } from '../fixtures/cluster/builders.ts';

const crashing = () =>
  pod('ai', 'litellm-5d8f9c7b6-x9z8w', {
    owner: { kind: 'ReplicaSet', name: 'litellm-5d8f9c7b6' },
    nodeName: 'homelab',
    containers: [
      {
        name: 'litellm',
        image: 'ghcr.io/berriai/litellm:v1.79.0-stable',
        restartCount: 12,
        waiting: { reason: 'CrashLoopBackOff' },
        terminated: { exitCode: 1, reason: 'Error' },
      },
    ],
  });

/** A dump of the two default nodes plus `objects`, after `edit` changed the last one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits break the types on purpose
function dumpWith(objects: Obj[], edit: (o: Record<string, any>) => void) {
  const items = [...homelabNodes(4), ...objects].map((o) => structuredClone(o));
  edit(items.at(-1)!);
  return () => parseDumps([{ name: 'cluster.json', text: toJson(list(items)) }]);
}

describe('dumps doctor cannot judge are input errors, never an A', () => {
  it('D19: an empty List', () => {
    const read = () =>
      parseDumps([{ name: 'cluster.json', text: '{"apiVersion":"v1","kind":"List","items":[]}' }]);
    expect(read).toThrow(UserError);
    expect(read).toThrow(
      'cluster.json: the dump holds no objects (every List is empty); re-run the commands of shai doctor --dump-command against the cluster',
    );
  });

  it('D20: a pod without status', () => {
    expect(dumpWith([crashing()], (p) => delete p.status)).toThrow(
      /^cluster\.json: items\[2\] \(Pod ai\/litellm-5d8f9c7b6-x9z8w\) status: missing, expected an object \(the API sets it on every pod, with at least its phase\); kubectl never writes this/,
    );
  });

  it('D21: a pod with null spec, null container state or null conditions', () => {
    expect(dumpWith([crashing()], (p) => (p.spec = null))).toThrow(
      /\(Pod ai\/litellm-5d8f9c7b6-x9z8w\) spec: null, expected an object with containers;/,
    );
    expect(dumpWith([crashing()], (p) => (p.status.containerStatuses[0].state = null))).toThrow(
      /status\.containerStatuses\[0\]\.state: null, expected an object;/,
    );
    expect(dumpWith([crashing()], (p) => (p.status.conditions = null))).toThrow(
      /status\.conditions: null, expected a list;/,
    );
  });

  it('D22: a Deployment whose replicas is "three"', () => {
    const d = deployment('ai', 'litellm', { replicas: 1, ready: 1 });
    expect(dumpWith([d], (o) => (o.spec.replicas = 'three'))).toThrow(
      /\(Deployment ai\/litellm\) spec\.replicas: "three", expected a whole number;/,
    );
  });

  it('D23: a crash-looping container without restartCount', () => {
    expect(dumpWith([crashing()], (p) => delete p.status.containerStatuses[0].restartCount)).toThrow(
      /status\.containerStatuses\[0\]\.restartCount: missing, expected a whole number \(the API always sets it\);/,
    );
  });

  it('still reads every well-formed object of the fixtures', () => {
    expect(dumpWith([crashing()], () => {})().objects('Pod')).toHaveLength(1);
  });
});
