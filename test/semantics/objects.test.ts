import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/semantics/objects.ts';
import type { SourcedObject } from '../../src/check/types.ts';

const o = (kind: string, name: string, namespace?: string, file = 'a.yaml'): SourcedObject => ({
  object: { apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
  file,
});

describe('buildIndex', () => {
  const objects = [
    o('Secret', 's', 'ai'),
    o('Secret', 's', 'ai-services'),
    o('StorageClass', 'fast'),
    o('Secret', 's', 'ai', 'dup.yaml'),
    o('ConfigMap', 's', 'ai'),
  ];
  const index = buildIndex(objects);

  it('finds objects by kind, namespace and name; cluster-scoped ones without a namespace', () => {
    expect(index.get('Secret', 'ai', 's')?.file).toBe('a.yaml');
    expect(index.get('Secret', 'gpu', 's')).toBeUndefined();
    expect(index.get('StorageClass', undefined, 'fast')?.object.metadata.name).toBe('fast');
    expect(index.get('ConfigMap', 'ai', 'missing')).toBeUndefined();
  });

  it('keeps the first of duplicates for get and lists all by kind and by name', () => {
    expect(index.byKind('Secret')).toHaveLength(3);
    expect(index.named('Secret', 's').map((x) => x.object.metadata.namespace)).toEqual([
      'ai',
      'ai-services',
      'ai',
    ]);
    expect(index.byKind('Nothing')).toEqual([]);
    expect(index.named('Secret', 'other')).toEqual([]);
  });
});
