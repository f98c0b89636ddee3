import { describe, expect, it } from 'vitest';
import { mdFormat } from '../../../src/report/formats/md.ts';
import { OPTS, reversed, sampleReport } from './sample.ts';

describe('md format', () => {
  const md = mdFormat.format(sampleReport(), OPTS);
  const lines = md.split('\n');

  it('starts with a table of counts from the report', () => {
    const r = sampleReport();
    expect(lines.slice(0, 8)).toEqual([
      '# shai check: platform.yaml',
      '',
      '| Status | Count |',
      '| --- | ---: |',
      `| Failed | ${r.counts.fail} |`,
      `| Could not check | ${r.counts.error} |`,
      `| Skipped | ${r.counts.skipped} |`,
      `| Passed | ${r.counts.pass} |`,
    ]);
  });

  it('has a section per area, falling back to the rule', () => {
    expect(lines.filter((l) => l.startsWith('## '))).toEqual([
      '## images',
      '## probes-present',
      '## resource-limits',
      '## run-as-non-root',
      '## storage-class-exists',
    ]);
  });

  it('lists each finding with where it is and its fix, escaping markdown in messages', () => {
    const i = lines.indexOf('## images');
    expect(lines.slice(i + 2, i + 5)).toEqual([
      '- **fail** (error) `image-pinned` on Deployment ai/open-webui: image "ghcr.io/open-webui/open-webui:latest" ' +
        'is not pinned \\<& "quoted" \'single\' \\| pipe\\>',
      '  - where: `services/open-webui/deployment.yaml:12`, `$.spec.template.spec.containers[0].image`, ' +
        '`services.open-webui.image`',
      '  - fix: Pin the image to a version tag such as v0.6.5.',
    ]);
  });

  it('is the same text whatever the input order', () => {
    expect(mdFormat.format(reversed(sampleReport()), OPTS)).toBe(md);
  });
});
