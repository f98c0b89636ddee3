import { UserError } from '../errors.ts';

/** One machine of the cluster, as `shai init` asks for it. */
export interface NodeAnswer {
  name: string;
  cpu: number;
  memory: string;
  arch: 'amd64' | 'arm64';
  /** Disk Longhorn may use on the first node. */
  disk?: string;
  gpu?: { model: string; vramGiB: number };
}

/** What `shai init` needs to write a starting platform. */
export interface InitAnswers {
  name: string;
  domain: string;
  repoURL: string;
  k3sVersion: string;
  nodes: NodeAnswer[];
}

const KEYS = ['name', 'cpu', 'memory', 'arch', 'gpu', 'disk'];

/** `--node name=homelab,cpu=28,memory=120Gi[,arch=arm64][,gpu=RTX 5080:16][,disk=3Ti]` → a NodeAnswer. */
export function parseNodeFlag(text: string): NodeAnswer {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq).trim();
    if (!KEYS.includes(key))
      throw new UserError(
        `--node ${text}: expected name=...,cpu=...,memory=...[,arch=...][,gpu=MODEL:GIB][,disk=SIZE], got "${part}"`,
      );
    fields.set(key, part.slice(eq + 1).trim());
  }
  const name = fields.get('name');
  const cpu = Number(fields.get('cpu'));
  const memory = fields.get('memory');
  if (!name || !Number.isInteger(cpu) || cpu < 1 || !memory)
    throw new UserError(`--node ${text}: name, cpu (a whole number) and memory (such as 32Gi) are required`);
  const arch = fields.get('arch') ?? 'amd64';
  if (arch !== 'amd64' && arch !== 'arm64')
    throw new UserError(`--node ${text}: arch must be amd64 or arm64, got "${arch}"`);
  const node: NodeAnswer = { name, cpu, memory, arch };
  const gpu = fields.get('gpu');
  if (gpu) {
    const m = /^(.+):(\d+(?:\.\d+)?)$/.exec(gpu);
    if (!m) throw new UserError(`--node ${text}: gpu must be MODEL:GIB such as "RTX 4090:24", got "${gpu}"`);
    node.gpu = { model: m[1]!.trim(), vramGiB: Number(m[2]) };
  }
  const disk = fields.get('disk');
  if (disk) node.disk = disk;
  return node;
}
