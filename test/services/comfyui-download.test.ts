import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DOWNLOAD_SCRIPT } from '../../src/services/shared/comfyui-download.ts';
import { describeWithTools } from '../helpers/tools.ts';

// A file of a few MiB so progress is printed several times, served with HTTP Range support as Hugging Face does.
const BODY = Buffer.alloc(3 * 1024 * 1024 + 123, 0);
for (let i = 0; i < BODY.length; i++) BODY[i] = (i * 31 + 7) % 251;
const SHA = createHash('sha256').update(BODY).digest('hex');

describeWithTools(
  'the ComfyUI model download script (run by the real python3)',
  ['python3'],
  'apt-get install python3',
  (tools) => {
    let server: Server;
    let base = '';
    const ranges: (string | undefined)[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        ranges.push(req.headers.range);
        const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
        if (m) {
          const from = Number(m[1]);
          res.writeHead(206, {
            'content-length': BODY.length - from,
            'content-range': `bytes ${from}-${BODY.length - 1}/${BODY.length}`,
          });
          res.end(BODY.subarray(from));
        } else {
          res.writeHead(200, { 'content-length': BODY.length });
          res.end(BODY);
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    /** Runs the script on one model in a fresh directory; returns its exit code, output and the root. */
    function run(model: Record<string, unknown>, prepare?: (root: string) => void) {
      const dir = mkdtempSync(join(tmpdir(), 'shai-comfy-'));
      const root = join(dir, 'models');
      mkdirSync(root);
      prepare?.(root);
      writeFileSync(join(dir, 'download.py'), DOWNLOAD_SCRIPT);
      writeFileSync(join(dir, 'models.json'), JSON.stringify([model]));
      return new Promise<{ code: number; out: string; root: string }>((resolve) => {
        execFile(tools.python3!, [join(dir, 'download.py'), join(dir, 'models.json'), root], (err, stdout) =>
          resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout, root }),
        );
      });
    }
    const model = (over: Record<string, unknown> = {}) => ({
      name: 'm.safetensors',
      folder: 'checkpoints',
      url: `${base}/m.safetensors`,
      sha256: SHA,
      size: BODY.length,
      ...over,
    });

    it('downloads, verifies and moves the file into its folder, with progress in the log', async () => {
      const { code, out, root } = await run(model());
      expect(code, out).toBe(0);
      expect(readFileSync(join(root, 'checkpoints/m.safetensors')).equals(BODY)).toBe(true);
      expect(readFileSync(join(root, 'checkpoints/m.safetensors.sha256'), 'utf8').trim()).toBe(SHA);
      expect(out.match(/m\.safetensors: \d+% \(/g)!.length).toBeGreaterThanOrEqual(3);
      expect(out).toContain('downloaded and verified');
    });

    it('resumes a partial download with a Range request', async () => {
      ranges.length = 0;
      const half = Math.floor(BODY.length / 2);
      const { code, out, root } = await run(model(), (r) => {
        mkdirSync(join(r, 'checkpoints'));
        writeFileSync(join(r, 'checkpoints/m.safetensors.part'), BODY.subarray(0, half));
      });
      expect(code, out).toBe(0);
      expect(ranges).toEqual([`bytes=${half}-`]);
      expect(out).toContain(`resuming at ${half} of ${BODY.length} bytes`);
      expect(readFileSync(join(root, 'checkpoints/m.safetensors')).equals(BODY)).toBe(true);
    });

    it('refuses a file whose SHA-256 does not match and deletes it', async () => {
      const { code, out, root } = await run(model({ sha256: '0'.repeat(64) }));
      expect(code).toBe(1);
      expect(out).toMatch(/ERROR m\.safetensors: sha256 [0-9a-f]{64} does not match 0{64}; removed/);
      expect(existsSync(join(root, 'checkpoints/m.safetensors'))).toBe(false);
      expect(existsSync(join(root, 'checkpoints/m.safetensors.part'))).toBe(false);
    });

    it('skips a file already present and verified, without a request', async () => {
      ranges.length = 0;
      const { code, out } = await run(model(), (r) => {
        mkdirSync(join(r, 'checkpoints'));
        writeFileSync(join(r, 'checkpoints/m.safetensors'), BODY);
        writeFileSync(join(r, 'checkpoints/m.safetensors.sha256'), `${SHA}\n`);
      });
      expect(code, out).toBe(0);
      expect(out).toContain('present and verified');
      expect(ranges).toEqual([]);
    });

    it('fails with the cause when the server cannot be reached', async () => {
      const { code, out } = await run(model({ url: 'http://127.0.0.1:9/m.safetensors' }));
      expect(code).toBe(1);
      expect(out).toMatch(
        /ERROR m\.safetensors: cannot download http:\/\/127\.0\.0\.1:9\/m\.safetensors: .*(refused|Errno)/,
      );
    });
  },
);
