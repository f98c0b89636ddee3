import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sarifFormat } from '../../../src/report/formats/sarif.ts';
import { OPTS, reversed, sampleReport } from './sample.ts';

/** The official OASIS schema (draft-04), with `id` renamed to `$id` so Ajv's draft-07 validator reads it. */
function sarifValidator() {
  const url = new URL('../../../vendor/sarif/sarif-schema-2.1.0.json', import.meta.url);
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(url, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile({ $id: id, ...schema });
}

describe('sarif format', () => {
  const validate = sarifValidator();
  const opts = { ...OPTS, homepage: 'https://example.org/shai' };
  const log = JSON.parse(sarifFormat.format(sampleReport(), opts));
  const [run] = log.runs;

  it('is valid against the SARIF 2.1.0 schema', () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the validator rejects what code scanning would reject', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'critical';
    delete broken.runs[0].tool.driver.name;
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/tool/driver', '/runs/0/results/0/level']),
    );
  });

  it('names the tool and describes every rule with its default level', () => {
    expect(run.tool.driver).toMatchObject({
      name: 'shai',
      version: '9.9.9',
      informationUri: 'https://example.org/shai',
    });
    const pinned = run.tool.driver.rules.find((r: { id: string }) => r.id === 'image-pinned');
    expect(pinned).toEqual({
      id: 'image-pinned',
      name: 'image-pinned',
      shortDescription: { text: 'Images are pinned to a version' },
      fullDescription: { text: 'A moving tag such as `latest` changes under you.' },
      help: { text: 'Pin the image.', markdown: 'A moving tag such as `latest` changes under you.' },
      defaultConfiguration: { level: 'error' },
    });
    const info = run.tool.driver.rules.find((r: { id: string }) => r.id === 'storage-class-exists');
    expect(info.defaultConfiguration.level).toBe('note');
  });

  it('turns only fail and error findings into results, each pointing at its rule', () => {
    expect(run.results.map((r: { ruleId: string; level: string }) => `${r.ruleId}:${r.level}`)).toEqual([
      'image-pinned:error',
      'resource-limits:warning',
      'storage-class-exists:note',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('locates a result in its file, line and object, and carries the platform.yaml key and fix', () => {
    const [pinned, limits, storage] = run.results;
    expect(pinned.locations[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'services/open-webui/deployment.yaml' },
        region: { startLine: 12 },
      },
      logicalLocations: [
        { fullyQualifiedName: 'Deployment/ai/open-webui', name: 'open-webui', kind: 'resource' },
      ],
    });
    expect(pinned.properties).toEqual({
      status: 'fail',
      jsonPath: '$.spec.template.spec.containers[0].image',
      configPath: 'services.open-webui.image',
      service: 'open-webui',
      fix: 'Pin the image to a version tag such as v0.6.5.',
    });
    expect(limits.locations[0].physicalLocation).toBeUndefined();
    expect(storage.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'services/ollama-cpu/pvc.yaml' },
    });
  });

  it('omits informationUri when shai has no homepage, and stays valid', () => {
    const plain = JSON.parse(sarifFormat.format(sampleReport(), OPTS));
    expect(plain.runs[0].tool.driver.informationUri).toBeUndefined();
    expect(validate(plain)).toBe(true);
  });

  it('is the same text whatever the input order', () => {
    expect(sarifFormat.format(reversed(sampleReport()), opts)).toBe(sarifFormat.format(sampleReport(), opts));
  });
});
