/*
 * doctor's pod-read-only-fs reads the path a container failed to write from its last log lines. The lines here are
 * not written by hand: the runtimes of the platform's images (Python: LiteLLM, Open WebUI, SearXNG; Node: n8n; Go:
 * Ollama, oauth2-proxy) really try to write into a read-only file system (a tmpfs mounted read-only in a private
 * mount namespace, `unshare -rm`), and the analyzer must find the path in what each printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readOnlyPath } from '../../src/cluster/analyzers/pod-read-only-fs.ts';
import { describeWithTools } from '../helpers/tools.ts';

describeWithTools(
  'the read-only failures of real runtimes, as pod-read-only-fs reads them',
  ['unshare', 'python3', 'go'],
  'apt-get install util-linux python3; Go from .ci (the tools build needs it)',
  (bin) => {
    const work = mkdtempSync(join(tmpdir(), 'shai-erofs-'));
    const ro = join(work, 'ro');
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    /** Runs `cmd` with `ro` mounted read-only; returns what it printed (it is expected to fail). */
    function onReadOnly(cmd: string): string {
      try {
        execFileSync(
          bin.unshare!,
          ['-rm', 'sh', '-c', `mkdir -p ${ro} && mount -t tmpfs -o ro none ${ro} && ${cmd}`],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, GO111MODULE: 'off' },
            cwd: work,
          },
        );
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        return `${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
      throw new Error(`${cmd} wrote into a read-only file system`);
    }

    it('Python (LiteLLM, Open WebUI, SearXNG): OSError [Errno 30] names the path', () => {
      const out = onReadOnly(`${bin.python3} -c "import os; os.makedirs('${ro}/.cache/prisma-python')"`);
      expect(out).toMatch(/OSError: \[Errno 30\] Read-only file system/);
      expect(readOnlyPath(out)).toBe(`${ro}/.cache`);
    });

    it('Node (n8n): EROFS names the path', () => {
      const out = onReadOnly(`${process.execPath} -e "require('fs').mkdirSync('${ro}/.n8n')"`);
      expect(out).toMatch(/EROFS: read-only file system, mkdir/);
      expect(readOnlyPath(out)).toBe(`${ro}/.n8n`);
    });

    it('Go (Ollama, oauth2-proxy): the PathError names the path', () => {
      writeFileSync(
        join(work, 'w.go'),
        `package main\nimport ("log";"os")\nfunc main(){ if err := os.MkdirAll("${ro}/.ollama/models", 0o755); err != nil { log.Fatal(err) } }\n`,
      );
      const out = onReadOnly(`${bin.go} run ${join(work, 'w.go')}`);
      expect(out).toMatch(/read-only file system/);
      expect(readOnlyPath(out)).toBe(`${ro}/.ollama`);
    });
  },
);
