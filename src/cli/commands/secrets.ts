import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../cluster/kubeconfig.ts';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { formatNames } from '../../report/formats/index.ts';
import { SEVERITIES, type Severity } from '../../report/types.ts';
import {
  runExport,
  runGenerate,
  runRotate,
  runSeal,
  runSet,
  runStatus,
  type SecretsContext,
} from '../../secrets/actions.ts';
import { fetchRootCa, trustInstructions } from '../../secrets/ca.ts';
import { CONTROLLER_NAME, fetchCert } from '../../secrets/cert-fetch.ts';
import { parseCert } from '../../secrets/cert.ts';
import { SEAL_SCOPES, type SealScope } from '../../secrets/seal.ts';
import { storePath } from '../../secrets/store.ts';
import { fetchSealingKeys } from '../../secrets/keys.ts';
import { loadPrivateKeys, runBackupKey, runVerify } from '../../secrets/verify.ts';
import type { CommandDef, GlobalOptions, Io } from '../command.ts';
import { packageInfo } from '../package-info.ts';
import { loadPlatform, platformTreeDir, readConfigSource } from '../platform.ts';
import { plan as makePlan } from '../../plan/plan.ts';
import { registry } from '../../services/registry.ts';
import { rerenderPlatformTree } from '../../render/platform-tree.ts';

type Opts = GlobalOptions & Record<string, unknown>;

/** `30d`, `4w` or a bare number of days. */
export function parseMaxAge(text: string): number {
  const m = /^(\d+)([dw]?)$/.exec(text.trim());
  if (!m) throw new UserError(`--max-age: expected a number of days such as 30d or 4w, got "${text}"`);
  return Number(m[1]) * (m[2] === 'w' ? 7 : 1);
}

/** `--scope`, checked against kubeseal's scopes. */
export function parseScope(text: unknown): SealScope | undefined {
  if (text === undefined) return undefined;
  if (!SEAL_SCOPES.includes(text as SealScope))
    throw new UserError(`--scope: expected one of ${SEAL_SCOPES.join(', ')}, got "${String(text)}"`);
  return text as SealScope;
}

async function readCertFile(file: string, now: Date) {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserError(`${file}: cannot read the certificate: ${(cause as Error).message}`, { cause });
  }
  return parseCert(pem, file, now);
}

/** Loads platform.yaml and the plan, and builds the context every subcommand works on. */
async function context(opts: Opts, io: Io): Promise<SecretsContext & { controllerNamespace?: string }> {
  const { config, text } = await readConfigSource(opts, io);
  const plan = makePlan(config, registry);
  const controller = plan.services.find((s) => s.name === 'sealed-secrets');
  // Seal writes into the tree and re-renders it: the same directory render may write, checked the same way.
  const deployRoot = await platformTreeDir(opts, io, text, config.gitops.path);
  return {
    ...(controller ? { controllerNamespace: controller.namespace } : {}),
    cluster: config.cluster.name,
    secrets: plan.secrets,
    deployRoot,
    storeFile: resolve(io.cwd, storePath(config.cluster.name, io.env, opts.store as string | undefined)),
    io,
    randomBytes,
    async rerender() {
      return rerenderPlatformTree(plan, deployRoot);
    },
    async loadCert() {
      if (opts.cert) return readCertFile(resolve(io.cwd, String(opts.cert)), io.now());
      if (!controller)
        throw new UserError('sealed-secrets is not enabled in platform.yaml: pass --cert FILE');
      const kc = kubeConfig(io, CERT_HINT);
      // the Service that carries the controller's `http` port, as the service definition names it
      const name = controller.def.ports.find((p) => p.name === 'http')?.serviceName ?? CONTROLLER_NAME;
      const pem = await fetchCert(kc, controller.namespace, name);
      return parseCert(pem, `${name}.${controller.namespace} /v1/cert.pem`, io.now());
    },
  };
}

/** The kubeconfig (KUBECONFIG, ~/.kube/config or in-cluster); `hint` says how to do without one. */
function kubeConfig(io: Io, hint: string): KubeConfig {
  return loadKubeConfig({}, io.env, hint);
}

const CERT_HINT =
  "pass --cert FILE with the controller's certificate (kubeseal --fetch-cert > cert.pem where a cluster is reachable), or set KUBECONFIG";

/** `secrets ca`: the root CA that pki makes in cert-manager's namespace, with how to trust it. */
async function exportCa(o: Opts, io: Io): Promise<number> {
  const { config, plan } = await loadPlatform(o, io);
  if (config.tls.mode !== 'internal-ca')
    throw new UserError(
      `tls.mode is ${config.tls.mode}: the hosts carry publicly trusted certificates, no CA to import`,
    );
  const certManager = plan.services.find((s) => s.name === 'cert-manager');
  if (!certManager)
    throw new UserError('cert-manager is not enabled in platform.yaml: there is no platform CA');
  const kc = loadKubeConfig(
    { kubeconfig: o.kubeconfig as string | undefined, context: o.context as string | undefined },
    io.env,
    'pass --kubeconfig FILE or set KUBECONFIG to read the CA from the cluster',
  );
  const ca = await fetchRootCa(kc, certManager.namespace);
  if (!o.out) {
    io.stdout(ca.pem);
    for (const l of trustInstructions('shai-ca.crt', ca)) io.stderr(`${l}\n`);
    return 0;
  }
  const out = resolve(io.cwd, String(o.out));
  await writeFile(out, ca.pem);
  for (const l of trustInstructions(String(o.out), ca)) io.stdout(`${l}\n`);
  return 0;
}

/** `secrets backup-key`: the controller namespace comes from the plan, the output defaults to beside the store. */
async function backupKey(o: Opts, io: Io): Promise<number> {
  const ctx = await context(o, io);
  if (!ctx.controllerNamespace) throw new UserError('sealed-secrets is not enabled in platform.yaml');
  const out = o.out
    ? resolve(io.cwd, String(o.out))
    : join(dirname(ctx.storeFile), `${ctx.cluster}-sealing-keys.yaml`);
  return runBackupKey(
    ctx,
    await fetchSealingKeys(
      kubeConfig(io, 'set KUBECONFIG to the kubeconfig of the cluster that runs the controller'),
      ctx.controllerNamespace,
    ),
    out,
  );
}

async function readStdin(io: Io): Promise<string> {
  if (process.stdin.isTTY) io.stderr('paste the value, then press Ctrl-D\n');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const storeOption = (cmd: Command) =>
  cmd.option(
    '--store <file>',
    'secret store file (default: $SHAI_SECRETS_STORE or ~/.config/shai/secrets/<cluster>.json)',
  );
const sealOptions = (cmd: Command) =>
  cmd
    .option(
      '--cert <file>',
      "the controller's certificate (default: fetched from the cluster through the API service proxy)",
    )
    .option(
      '--scope <scope>',
      `sealing scope: ${SEAL_SCOPES.join(' | ')} (default: strict, or the scope already in the tree)`,
    );

function sub(
  name: string,
  summary: string,
  configure: (cmd: Command) => void,
  run: (args: string[], opts: Opts, io: Io) => Promise<number>,
): CommandDef {
  return {
    name,
    summary,
    // status is a report: its exit follows --fail-on and it prints every report format
    ...(name === 'status' ? { failOn: true, formats: formatNames } : {}),
    configure: (cmd) => configure(storeOption(cmd)),
    run: async (args, opts, io) => ({ exitCode: await run(args, opts, io) }),
  };
}

/** `shai secrets ...`: generate, seal, rotate, audit and export the platform's credentials. */
export const secretsCommand: CommandDef = {
  name: 'secrets',
  summary: 'generate, seal, rotate and audit every credential the platform needs',
  subcommands: [
    sub(
      'generate',
      'create missing values in the secret store (outside the repository)',
      (c) => c.option('--force', 'replace existing generated values too'),
      async (_a, o, io) => runGenerate(await context(o, io), { force: Boolean(o.force) }),
    ),
    sub(
      'set',
      'store a value you supply (read from stdin): shai secrets set NAMESPACE/NAME KEY',
      (c) => c.argument('<secret>', 'NAMESPACE/NAME').argument('<key>', 'key inside the secret'),
      async (a, o, io) => runSet(await context(o, io), a[0] ?? '', a[1] ?? '', await readStdin(io)),
    ),
    sub('seal', 'write one SealedSecret per secret into the deploy tree', sealOptions, async (_a, o, io) =>
      runSeal(await context(o, io), { ...withScope(o) }),
    ),
    sub(
      'rotate',
      'new values for a service (or all), resealed; composed values follow',
      (c) =>
        sealOptions(
          c
            .option('--service <name>', "rotate this service's secrets")
            .option('--all', 'rotate every secret'),
        ),
      async (_a, o, io) =>
        runRotate(await context(o, io), {
          all: Boolean(o.all),
          ...(o.service ? { service: String(o.service) } : {}),
          ...withScope(o),
        }),
    ),
    sub(
      'status',
      'table of secrets: keys, scope, age, consumers; flags problems (use --fail-on as a CI gate)',
      (c) =>
        c
          .option('--max-age <age>', 'rotation period, e.g. 30d or 4w', '30d')
          .option(
            '--tree-only',
            'without the store (CI): only check that every planned secret is sealed and none is unused',
          ),
      async (_a, o, io) =>
        runStatus(await context(o, io), {
          treeOnly: Boolean(o.treeOnly),
          maxAgeDays: parseMaxAge(String(o.maxAge ?? '30d')),
          failOn: failOn(o.failOn),
          format: o.format,
          version: packageInfo().version,
        }),
    ),
    sub(
      'verify',
      'unseal the tree with the controller private key and compare with the store (recovery round trip)',
      (c) =>
        c.requiredOption(
          '--private-key <file>',
          'controller private key: a PEM file, or the key Secrets saved by `shai secrets backup-key`',
        ),
      async (_a, o, io) =>
        runVerify(await context(o, io), await loadPrivateKeys(resolve(io.cwd, String(o.privateKey)))),
    ),
    sub(
      'backup-key',
      "save the controller's sealing keys (0600, outside the repository); restore with kubectl apply -f",
      (c) => c.option('--out <file>', 'where to write (default: beside the secret store)'),
      (_a, o, io) => backupKey(o, io),
    ),
    sub(
      'ca',
      "save the platform's root CA (from the cluster) and print how to trust it",
      (c) =>
        c
          .option('--out <file>', 'where to write the PEM (default: stdout)')
          .option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, ~/.kube/config)')
          .option('--context <name>', 'kubeconfig context to use'),
      (_a, o, io) => exportCa(o, io),
    ),
    sub(
      'export',
      'print the admin credentials (Keycloak, Grafana, Argo CD) to stdout for a password manager',
      () => {},
      async (_a, o, io) => runExport(await context(o, io)),
    ),
  ],
};

function withScope(o: Opts): { scope?: SealScope } {
  const scope = parseScope(o.scope);
  return scope ? { scope } : {};
}

function failOn(v: unknown): Severity {
  return SEVERITIES.includes(v as Severity) ? (v as Severity) : 'error';
}
