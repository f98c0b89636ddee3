/*
 * Runs one command in a pod's container through the API server's `pods/exec` (what `kubectl exec` does): the
 * kubeconfig's credentials, the WebSocket remotecommand protocol of @kubernetes/client-node, the output kept,
 * and the exit code read from the Status the kubelet sends at the end. The I/O edge of the restore probes.
 */
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { UserError } from './errors.ts';

/** What a command in a container did: its exit code and output (each kept to its last 64 KiB). */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` in `container` of pod `namespace/pod`; a UserError when it could not run at all. */
export type PodExec = (
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  timeoutMs: number,
) => Promise<ExecResult>;

const KEEP = 64 * 1024;

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text = (text + chunk.toString('utf8')).slice(-KEEP);
      done();
    },
  });
  return { stream, text: () => text };
}

/**
 * The exit code a remotecommand Status carries: 0 on Success, the ExitCode cause of a NonZeroExitCode failure;
 * undefined when the command did not run (no such container, the kubelet refused), with the Status's message.
 */
export function exitCodeOf(status: V1Status): { code?: number; message: string } {
  const message = status.message ?? status.reason ?? 'no status';
  if (status.status === 'Success') return { code: 0, message };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { code, message };
  }
  return { message };
}

/** A PodExec over the kubeconfig's current context. */
export function kubeExec(kc: KubeConfig): PodExec {
  return async (namespace, pod, container, command, timeoutMs) => {
    const out = collector();
    const err = collector();
    const where = `exec in ${namespace}/${pod} (container ${container})`;
    let status: V1Status | undefined;
    let socket: Awaited<ReturnType<Exec['exec']>>;
    try {
      socket = await new Exec(kc).exec(
        namespace,
        pod,
        container,
        command,
        out.stream,
        err.stream,
        null,
        false,
        (s) => {
          status = s;
        },
      );
    } catch (cause) {
      throw new UserError(`${where}: ${describe(cause)}`, { cause });
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new UserError(`${where}: no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.on('error', (cause: Error) => {
        clearTimeout(timer);
        reject(new UserError(`${where}: ${cause.message}`, { cause }));
      });
    });
    if (!status) throw new UserError(`${where}: the connection closed before the command's status came`);
    const { code, message } = exitCodeOf(status);
    if (code === undefined) throw new UserError(`${where}: ${message}`);
    return { exitCode: code, stdout: out.text(), stderr: err.text() };
  };
}

/** What the API server's refusal of the upgrade means for `pods/exec` (ws keeps only the status code). */
const REFUSED: Record<string, string> = {
  '400': 'the pod does not have that container, or is not running',
  '401': "the API server did not accept the kubeconfig's credentials",
  '403': "the kubeconfig's user may not create pods/exec in this namespace",
  '404': 'no such pod',
};

/** The message of what client-node threw when the upgrade failed (an Error, or a WebSocket ErrorEvent). */
function describe(cause: unknown): string {
  const event = cause as { message?: unknown; error?: unknown };
  const text =
    cause instanceof Error
      ? cause.message
      : typeof event?.message === 'string' && event.message
        ? event.message
        : event?.error instanceof Error
          ? event.error.message
          : String(cause);
  const code = /Unexpected server response: (\d+)/.exec(text)?.[1];
  return code ? `HTTP ${code}${REFUSED[code] ? `: ${REFUSED[code]}` : ''}` : text;
}
