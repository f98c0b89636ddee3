import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';

describe('shai models', () => {
  it('plan prints a table per Ollama instance and exits 0 when everything fits', async () => {
    const { code, stdout } = await runCli(['models', 'plan']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ollama-cpu on homelab \(cpu\)/m);
    expect(stdout).toMatch(/^ollama-gpu on akula-prime \(gpu\): budget 16\.0 GiB/m);
    expect(stdout).toMatch(/llama3\.2-vision:11b\s+vision\s.*fits/);
  });
  it('plan --format json is the same plan as data', async () => {
    const { code, stdout } = await runCli(['models', 'plan', '--format', 'json']);
    expect(code).toBe(0);
    const mp = JSON.parse(stdout) as { instances: { instance: string; models: { fit: string }[] }[] };
    expect(mp.instances.map((i) => i.instance)).toEqual(['ollama-cpu', 'ollama-gpu']);
    expect(mp.instances.flatMap((i) => i.models).every((m) => m.fit === 'full')).toBe(true);
  });
  it('sync against an unreachable URL fails per model with exit 1', async () => {
    const { code, stdout } = await runCli(['models', 'sync', '--dry-run', '--url', 'http://127.0.0.1:1']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/qwen2\.5:7b\s+failed\s+cannot list models at http:\/\/127\.0\.0\.1:1/);
  });
});
