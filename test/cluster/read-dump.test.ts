import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parseDumps, readDumpFiles } from '../../src/cluster/read-dump.ts';
import { healthyDump } from '../fixtures/cluster/healthy.ts';

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');
const read = (f: string) => readDumpFiles([join(dumps, f)]);

describe('reading a dump', () => {
  it('refuses a file that is not JSON with one line quoting its start', async () => {
    await expect(read('not-json-fails.json')).rejects.toThrow(UserError);
    await expect(read('not-json-fails.json')).rejects.toThrow(
      /not-json-fails\.json: not JSON \(it starts with "error: You must be logged in to the server \(Unauthorized\)"\)$/,
    );
  });

  it('refuses a single object that is not a List', async () => {
    await expect(read('not-a-list-fails.json')).rejects.toThrow(
      /not-a-list-fails\.json: not a kubectl List \(kind "Node"\)/,
    );
  });

  it('says a cut-off file is truncated and where it stops', async () => {
    await expect(read('truncated-fails.json')).rejects.toThrow(
      /truncated-fails\.json: truncated JSON \(the text stops at line \d+ in the middle of a value\)/,
    );
  });

  it('names the line of a syntax error inside the JSON', () => {
    const text = '{\n  "kind": "List",\n  "items": [\n    {"kind": "Pod",}\n  ]\n}\n';
    expect(() => parseDumps([{ name: 'c.json', text }])).toThrow(/^c\.json: not JSON \(.* at line 4\)$/);
  });

  it('refuses items without kind or name, naming the index', () => {
    const text = JSON.stringify({
      kind: 'List',
      apiVersion: 'v1',
      items: [{ kind: 'ConfigMap', metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
    });
    expect(() => parseDumps([{ name: 'c.json', text }])).toThrow('c.json: items[1] has no kind');
  });

  it('counts an object found in two dump files once, keeping the later copy', () => {
    const node = (ready: string) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'homelab' },
      status: { conditions: [{ type: 'Ready', status: ready }] },
    });
    const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    const state = parseDumps([
      { name: 'a.json', text: list([node('True')]) },
      { name: 'b.json', text: list([node('False')]) },
    ]);
    expect(state.objects('Node')).toHaveLength(1);
    expect(state.objects('Node')[0]).toMatchObject({ status: { conditions: [{ status: 'False' }] } });
  });

  it('keeps secret keys and drops their values and annotations', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's',
        namespace: 'ai',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"k":"c2VjcmV0"}}' },
      },
      data: { k: 'c2VjcmV0' },
      type: 'Opaque',
    };
    const state = parseDumps([
      { name: 'secrets.json', text: JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [secret] }) },
    ]);
    const s = state.get('Secret', 'ai', 's')!;
    expect(s).toMatchObject({ data: { k: '' } });
    expect(JSON.stringify(s)).not.toContain('c2VjcmV0');
  });

  it('marks CRD kinds without a file or items as unavailable, and empty CRD files as available', () => {
    const files = healthyDump().filter((f) => f.name !== 'certificates.cert-manager.io.json');
    files.push({
      name: 'x/volumes.longhorn.io.json',
      text: '{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}',
    });
    const state = parseDumps(files.filter((f) => f.name !== 'volumes.longhorn.io.json'));
    expect(state.available('Certificate')).toBe(false);
    expect(state.available('Volume')).toBe(true);
    expect(state.available('Pod')).toBe(true);
  });
});
