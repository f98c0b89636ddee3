import { describe, expect, it } from 'vitest';
import { escapeXml, junitFormat } from '../../../src/report/formats/junit.ts';
import { OPTS, reversed, sampleReport } from './sample.ts';
import { parseXml, type XmlElement } from './xml.ts';

const suite = (root: XmlElement, name: string) => root.children.find((s) => s.attrs.name === name)!;

describe('junit format', () => {
  const xml = junitFormat.format(sampleReport(), OPTS);
  const root = parseXml(xml);

  it('has one testsuite per rule, sorted, including rules that found nothing', () => {
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.attrs.name)).toEqual([
      'image-pinned',
      'probes-present',
      'resource-limits',
      'run-as-non-root',
      'storage-class-exists',
      'unused-rule',
    ]);
    expect(suite(root, 'unused-rule').attrs).toMatchObject({ tests: '0', failures: '0' });
  });

  it('counts tests, failures, errors and skips on the root and each suite', () => {
    expect(root.attrs).toEqual({
      name: 'shai check: platform.yaml',
      tests: '5',
      failures: '2',
      errors: '1',
      skipped: '1',
    });
    expect(suite(root, 'storage-class-exists').attrs).toMatchObject({
      tests: '1',
      errors: '1',
      failures: '0',
    });
  });

  it('maps fail to <failure>, error to <error>, skipped to <skipped> and pass to an empty testcase', () => {
    const only = (rule: string) => suite(root, rule).children[0]!;
    expect(only('image-pinned').children.map((c) => c.name)).toEqual(['failure']);
    expect(only('storage-class-exists').children.map((c) => c.name)).toEqual(['error']);
    expect(only('probes-present').children.map((c) => c.name)).toEqual(['skipped']);
    expect(only('run-as-non-root').children).toEqual([]);
    expect(only('probes-present').attrs).toEqual({
      name: 'ClusterRole shai-reader',
      classname: 'probes-present',
    });
  });

  it('escapes markup so the message survives a parser unchanged', () => {
    const failure = suite(root, 'image-pinned').children[0]!.children[0]!;
    const message = sampleReport().findings.find((f) => f.rule === 'image-pinned')!.message;
    expect(failure.attrs.message).toBe(message);
    expect(failure.attrs.type).toBe('error');
    expect(failure.text).toBe(
      `${message}\nfile: services/open-webui/deployment.yaml:12\npath: $.spec.template.spec.containers[0].image\n` +
        'key: services.open-webui.image\nfix: Pin the image to a version tag such as v0.6.5.',
    );
  });

  it('drops control characters XML cannot carry', () => {
    expect(escapeXml('a\u0000b\u001bc\td<')).toBe('abc\td&lt;');
  });

  it('is the same text whatever the input order', () => {
    expect(junitFormat.format(reversed(sampleReport()), OPTS)).toBe(xml);
  });
});
