import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UserError } from '../../errors.ts';
import { parseNodeFlag, type InitAnswers, type NodeAnswer } from '../../init/answers.ts';
import { initFiles, writeInitFiles } from '../../init/init.ts';
import { registry } from '../../services/registry.ts';
import type { CommandDef, Io } from '../command.ts';

/** The k3s release a new platform names (the one shai's default platform is tested with). */
export const DEFAULT_K3S_VERSION = 'v1.33.10+k3s1';

type Ask = (question: string, fallback?: string) => Promise<string>;

/** Asks for what the flags did not give (on a terminal only). */
async function askMissing(given: Partial<InitAnswers>, ask: Ask, dirName: string): Promise<InitAnswers> {
  const name =
    given.name ?? (await ask('cluster name', dirName.toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'homelab'));
  const domain = given.domain ?? (await ask('domain (every service is <name>.DOMAIN)', 'home.arpa'));
  const repoURL = given.repoURL ?? (await ask('Git repository Argo CD syncs from (https or ssh URL)'));
  const nodes: NodeAnswer[] = given.nodes?.length ? given.nodes : [];
  while (!given.nodes?.length) {
    const node = await ask(`node ${nodes.length + 1}: name${nodes.length ? ' (empty when done)' : ''}`);
    if (!node) {
      if (nodes.length) break;
      continue;
    }
    const cpu = await ask('  CPU cores');
    const memory = await ask('  memory for Kubernetes', '16Gi');
    const arch = await ask('  architecture', 'amd64');
    const gpu = await ask('  NVIDIA GPU as MODEL:GIB, e.g. RTX 4090:24 (empty: none)');
    nodes.push(
      parseNodeFlag(`name=${node},cpu=${cpu},memory=${memory},arch=${arch}${gpu ? `,gpu=${gpu}` : ''}`),
    );
  }
  return { name, domain, repoURL, k3sVersion: given.k3sVersion ?? DEFAULT_K3S_VERSION, nodes };
}

function terminalAsk(io: Io): Ask {
  return async (question, fallback) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = (await rl.question(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
      return answer || fallback || '';
    } finally {
      rl.close();
      void io;
    }
  };
}

/** `shai init`: a starting platform.yaml and the CI of the platform repository. */
export const initCommand: CommandDef = {
  name: 'init',
  summary: 'start a platform repository: platform.yaml, its CI workflow, a pre-commit hook and Renovate',
  configure(cmd) {
    cmd.option('--dir <dir>', 'the repository to write into', '.');
    cmd.option('--name <name>', 'cluster name');
    cmd.option('--domain <domain>', 'domain: every service answers at <name>.<domain>');
    cmd.option('--repo <url>', 'the Git repository Argo CD syncs from');
    cmd.option('--k3s-version <version>', 'k3s release of the nodes', DEFAULT_K3S_VERSION);
    cmd.option(
      '--node <spec>',
      'a node: name=NAME,cpu=N,memory=SIZE[,arch=arm64][,gpu=MODEL:GIB][,disk=SIZE] (repeat; the first is the control plane)',
      (v: string, prev: string[] = []) => [...prev, v],
    );
    cmd.option(
      '--shai-package <spec>',
      'how the CI installs shai (npm spec); default: the repository variable SHAI_PACKAGE',
    );
    cmd.option('--force', 'replace files that exist');
  },
  async run(_args, o, io) {
    const dir = resolve(io.cwd, String(o.dir));
    const given: Partial<InitAnswers> = {
      ...(o.name ? { name: String(o.name) } : {}),
      ...(o.domain ? { domain: String(o.domain) } : {}),
      ...(o.repo ? { repoURL: String(o.repo) } : {}),
      k3sVersion: String(o.k3sVersion),
      nodes: ((o.node as string[] | undefined) ?? []).map(parseNodeFlag),
    };
    const complete = given.name && given.domain && given.repoURL && given.nodes?.length;
    if (!complete && !io.isTTY)
      throw new UserError(
        'shai init: pass --name, --domain, --repo and at least one --node (or run it on a terminal to be asked)',
      );
    const answers = complete
      ? (given as InitAnswers)
      : await askMissing(given, terminalAsk(io), basename(dir));
    const files = initFiles(answers, registry, o.shaiPackage ? String(o.shaiPackage) : undefined);
    await writeInitFiles(dir, files, Boolean(o.force), io);
    io.stdout(
      [
        'next:',
        '  shai plan                      what the platform runs',
        '  shai render                    write deploy/, then commit and push',
        '  shai install --dry-run         what install will do to your k3s cluster',
        o.shaiPackage ? '' : '  in GitHub, set the repository variable SHAI_PACKAGE to how npm installs shai',
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    return { exitCode: 0 };
  },
};
