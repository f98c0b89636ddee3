import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCommand } from '../../src/cli/commands/render.ts';
import { runCheck } from '../../src/check/engine.ts';
import { platformCheckInput } from '../../src/check/platform.ts';
import { RULES } from '../../src/check/registry.ts';
import { loadConfig } from '../../src/config/load.ts';
import { plan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { renderTree } from '../../src/render/tree.ts';
import { readTree, writeTree } from '../../src/render/write.ts';
import { registry } from '../../src/services/registry.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';

const SLOW = 120_000;
const examples = [
  'platform.yaml',
  ...readdirSync(resolve(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
];
const dirs: string[] = [];

async function planOf(file: string): Promise<Plan> {
  return plan(await loadConfig(resolve(ROOT, file), registry), registry);
}

/** A temporary copy of platform.yaml (edited), whose deploy/ tree lands in the same directory. */
async function tempPlatform(
  edit = (t: string) => t,
): Promise<{ dir: string; config: string; deploy: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'shai-render-'));
  dirs.push(dir);
  const config = join(dir, 'platform.yaml');
  await writeFile(config, edit(await readFile(resolve(ROOT, 'platform.yaml'), 'utf8')));
  return { dir, config, deploy: join(dir, 'deploy') };
}

/** Runs `shai render [--check]` in-process with the config of that directory. */
async function render(dir: string, check = false): Promise<{ exitCode: number; out: string }> {
  const io = captureIo({ cwd: dir });
  const opts = {
    config: 'platform.yaml',
    format: 'text',
    failOn: 'error' as const,
    color: false,
    debug: false,
    check,
  };
  const { exitCode } = await renderCommand.run!([], opts, io);
  return { exitCode, out: io.out() };
}

/** Every entry of a directory's parent that starts like the tree's temporary or old siblings. */
async function leftovers(deploy: string): Promise<string[]> {
  const names = await readdir(resolve(deploy, '..'));
  return names.filter((n) => n.startsWith(`${basename(deploy)}.`));
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('render tree', () => {
  it(
    'the default platform with GitLab enabled renders and passes strict validation',
    { timeout: SLOW },
    async () => {
      const { config } = await tempPlatform((t) =>
        t.replace(/gitlab: \{ enabled: false \}/, 'gitlab: { enabled: true }'),
      );
      const p = plan(await loadConfig(config, registry), registry);
      const tree = await renderTree(p);
      expect(tree.files.has('apps/gitlab.yaml')).toBe(true);
      expect([...tree.files.keys()].some((f) => f.startsWith('services/gitlab/'))).toBe(true);
    },
  );

  it(
    'deploy/README.md lists every service with namespace and wave, the diagram, and every remaining check warning justified',
    { timeout: SLOW },
    async () => {
      const p = await planOf('platform.yaml');
      const tree = await renderTree(p);
      const readme = tree.files.get('README.md')!;
      for (const s of p.services) {
        expect(readme).toContain(`| ${s.name} | ${s.layer} | ${s.namespace} | ${s.wave} |`);
        for (const h of s.hosts) expect(readme).toContain(h.url);
      }
      expect(readme).toMatch(/```mermaid\ngraph LR/);
      // root.yaml needs Argo CD, its CRDs, node labels and the sealing key first: the bootstrap is shai install.
      expect(readme).not.toMatch(/bootstrap by applying `root.yaml`/);
      expect(readme).toContain('`shai install` does all of it in order');
      for (const s of p.services)
        for (const n of s.needs)
          expect(readme).toContain(`${s.name.replace(/-/g, '_')} --> ${n.replace(/-/g, '_')}`);
      const report = runCheck(platformCheckInput(p.config, p, tree.manifest), RULES);
      const warnings = report.findings.filter((f) => f.status === 'fail' && f.severity === 'warning');
      expect(readme).toContain(`reports ${warnings.length} warning(s)`);
      for (const w of warnings)
        expect(readme).toContain(
          `| ${w.rule} | ${w.target.kind} ${w.target.namespace ? `${w.target.namespace}/` : ''}${w.target.name} |`,
        );
      expect(readme).not.toContain('not justified');
    },
  );

  it('rendering twice gives identical bytes', { timeout: SLOW }, async () => {
    const p = await planOf('platform.yaml');
    const a = await renderTree(p);
    const b = await renderTree(await planOf('platform.yaml'));
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [path, content] of a.files) expect(b.files.get(path), path).toBe(content);
  });

  it.each(examples)('%s renders and passes strict validation', { timeout: SLOW }, async (file) => {
    const tree = await renderTree(await planOf(file));
    expect(tree.files.has('root.yaml')).toBe(true);
    expect(tree.files.has('README.md')).toBe(true);
    expect(tree.manifest.length).toBeGreaterThan(0);
  });

  it(
    'a render whose build throws leaves the previous tree byte-identical and no temporary directory',
    { timeout: SLOW },
    async () => {
      const { dir, deploy } = await tempPlatform();
      expect((await render(dir)).exitCode).toBe(0);
      const before = await readTree(deploy);
      const good = await planOf('platform.yaml');
      const broken: Plan = {
        ...good,
        services: good.services.map((s) =>
          s.name === 'litellm'
            ? {
                ...s,
                def: {
                  ...s.def,
                  build: () => {
                    throw new Error('build failed');
                  },
                },
              }
            : s,
        ),
      };
      // The command's path: render in memory, then swap the tree in.
      await expect(renderTree(broken).then((t) => writeTree(deploy, t.files))).rejects.toThrow(
        'build failed',
      );
      expect(await readTree(deploy)).toEqual(before);
      expect(await leftovers(deploy)).toEqual([]);
    },
  );

  it(
    'a write that fails half-way leaves the previous tree byte-identical and no temporary directory',
    { timeout: SLOW },
    async () => {
      const { dir, deploy } = await tempPlatform();
      expect((await render(dir)).exitCode).toBe(0);
      const before = await readTree(deploy);
      const tree = await renderTree(await planOf('platform.yaml'));
      const files = new Map([...tree.files].map(([p, c]) => [p, `${c}# changed\n`]));
      files.set('zz/../../escape.yaml', 'kind: Evil\n'); // written last, refused after the others
      await expect(writeTree(deploy, files)).rejects.toThrow(/outside the tree/);
      expect(await readTree(deploy)).toEqual(before);
      expect(await leftovers(deploy)).toEqual([]);
    },
  );

  it('a service that is disabled leaves no files behind', { timeout: SLOW }, async () => {
    const { dir, config, deploy } = await tempPlatform();
    expect((await render(dir)).exitCode).toBe(0);
    const n8nFiles = [...(await readTree(deploy)).keys()].filter(
      (p) => p.startsWith('services/n8n/') || p === 'apps/n8n.yaml',
    );
    expect(n8nFiles.length).toBeGreaterThan(1);
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace('n8n: { enabled: true }', 'n8n: { enabled: false }'),
    );
    expect((await render(dir)).exitCode).toBe(0);
    const after = await readTree(deploy);
    for (const f of n8nFiles) expect(after.has(f), f).toBe(false);
    expect(await leftovers(deploy)).toEqual([]);
  });

  it(
    'render --check exits 0 on a fresh tree and 1 listing every differing file on a stale one',
    { timeout: SLOW },
    async () => {
      const { dir, deploy } = await tempPlatform();
      expect((await render(dir)).exitCode).toBe(0);
      const fresh = await render(dir, true);
      expect(fresh.exitCode).toBe(0);
      expect(fresh.out).toContain('up to date');
      await writeFile(join(deploy, 'apps/litellm.yaml'), '# edited by hand\n');
      await rm(join(deploy, 'root.yaml'));
      await writeFile(join(deploy, 'services/orphan.yaml'), 'kind: ConfigMap\n');
      const stale = await render(dir, true);
      expect(stale.exitCode).toBe(1);
      expect(stale.out).toMatch(/changed\s+apps\/litellm\.yaml/);
      expect(stale.out).toMatch(/added\s+root\.yaml/);
      // A file shai did not write is never removed, only named.
      expect(stale.out).toMatch(/left alone \(not written by shai\): services\/orphan\.yaml/);
      expect(stale.out.trim().split('\n')).toHaveLength(4);
      // --check writes nothing
      expect(existsSync(join(deploy, 'root.yaml'))).toBe(false);
    },
  );
});
