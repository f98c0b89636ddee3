import { makeReport, type Finding, type Report } from '../../../src/report/types.ts';

/** A check report with one finding of each status, and text that needs escaping in every format. */
export function sampleReport(): Report {
  const findings: Finding[] = [
    {
      rule: 'run-as-non-root',
      severity: 'error',
      status: 'pass',
      target: {
        kind: 'Deployment',
        namespace: 'ai',
        name: 'litellm',
        file: 'services/litellm/deployment.yaml',
        line: 1,
      },
      service: 'litellm',
      message: 'runs as uid 1000',
    },
    {
      rule: 'image-pinned',
      severity: 'error',
      status: 'fail',
      target: {
        kind: 'Deployment',
        namespace: 'ai',
        name: 'open-webui',
        file: 'services/open-webui/deployment.yaml',
        line: 12,
        jsonPath: '$.spec.template.spec.containers[0].image',
      },
      service: 'open-webui',
      configPath: 'services.open-webui.image',
      message: 'image "ghcr.io/open-webui/open-webui:latest" is not pinned <& "quoted" \'single\' | pipe>',
      fix: 'Pin the image to a version tag such as v0.6.5.',
      area: 'images',
    },
    {
      rule: 'resource-limits',
      severity: 'warning',
      status: 'fail',
      target: { kind: 'StatefulSet', namespace: 'ai', name: 'qdrant' },
      message: 'container qdrant has no memory limit',
      fix: 'Set resources.limits.memory.',
    },
    {
      rule: 'storage-class-exists',
      severity: 'info',
      status: 'error',
      target: {
        kind: 'PersistentVolumeClaim',
        namespace: 'ai',
        name: 'models',
        file: 'services/ollama-cpu/pvc.yaml',
      },
      message: 'rule failed: cannot read the node inventory',
    },
    {
      rule: 'probes-present',
      severity: 'warning',
      status: 'skipped',
      target: { kind: 'ClusterRole', name: 'shai-reader' },
      message: 'no node inventory given (pass --nodes FILE)',
    },
  ];
  return makeReport('check', 'platform.yaml', findings, [
    {
      id: 'image-pinned',
      title: 'Images are pinned to a version',
      severity: 'error',
      fix: 'Pin the image.',
      docs: 'A moving tag such as `latest` changes under you.',
    },
    { id: 'probes-present', title: 'Workloads have probes', severity: 'warning' },
    { id: 'resource-limits', title: 'Containers have limits', severity: 'warning', fix: 'Set limits.' },
    { id: 'run-as-non-root', title: 'Containers run as non-root', severity: 'error' },
    { id: 'storage-class-exists', title: 'StorageClasses exist', severity: 'info' },
    { id: 'unused-rule', title: 'A rule that found nothing', severity: 'error' },
  ]);
}

/** The same report with findings in reverse order, to show output does not depend on input order. */
export function reversed(r: Report): Report {
  return { ...r, findings: [...r.findings].reverse(), rules: [...r.rules].reverse() };
}

export const OPTS = { color: false, version: '9.9.9' };
