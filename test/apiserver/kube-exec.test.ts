/*
 * shai's exec edge (src/kube-exec.ts, the restore probes' way into a pod) against a real kube-apiserver and a
 * node served by kubelet-exec (test/helpers/kubelet-exec.ts: the kubelet's own streaming server, k8s.io/kubelet
 * at the API server's release; the command runs on this machine, not in a container). Output, exit codes and
 * every refusal come back from the real API server on the path `kubectl exec` takes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadKubeConfig } from '../../src/cluster/read-live.ts';
import { UserError } from '../../src/errors.ts';
import { exitCodeOf, kubeExec, type PodExec } from '../../src/kube-exec.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { startExecNode, type ExecNode } from '../helpers/kubelet-exec.ts';
import { describeWithTools } from '../helpers/tools.ts';

describeWithTools(
  'kubeExec through a real kube-apiserver to a node',
  ['etcd', 'kube-apiserver', 'kubelet-exec'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    let node: ExecNode;
    let exec: PodExec;
    let limited: PodExec;

    beforeAll(async () => {
      server = await startApiServer(tools as never, { clientCert: true });
      node = await startExecNode(tools['kubelet-exec']!, server);
      const ns = await server.request('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'scratch' },
      });
      expect(ns.status).toBe(201);
      await node.addPod({
        namespace: 'scratch',
        name: 'p1',
        containers: { main: { GREETING: 'hello' }, side: {} },
      });
      exec = kubeExec(loadKubeConfig({ kubeconfig: server.kubeconfig }));
      limited = kubeExec(loadKubeConfig({ kubeconfig: server.kubeconfig, context: 'limited' }));
    }, 200_000);

    afterAll(async () => {
      await node?.stop();
      await server?.stop();
    });

    it('returns the output and exit code of the command, in the container named', async () => {
      expect(
        await exec('scratch', 'p1', 'main', ['/bin/sh', '-c', 'echo $GREETING; echo oops >&2'], 10_000),
      ).toEqual({ exitCode: 0, stdout: 'hello\n', stderr: 'oops\n' });
      expect(
        await exec('scratch', 'p1', 'side', ['/bin/sh', '-c', 'echo "[$GREETING]"; exit 3'], 10_000),
      ).toEqual({
        exitCode: 3,
        stdout: '[]\n',
        stderr: '',
      });
    });

    it('authenticates with a client certificate, as a k3s kubeconfig does, on the WebSocket too', async () => {
      const kc = loadKubeConfig({ kubeconfig: server.kubeconfig, context: 'cert-admin' });
      expect(kc.getCurrentUser()?.certData).toBeTruthy();
      expect(
        await kubeExec(kc)('scratch', 'p1', 'main', ['/bin/sh', '-c', 'echo $GREETING'], 10_000),
      ).toEqual({
        exitCode: 0,
        stdout: 'hello\n',
        stderr: '',
      });
    });

    it('says why when the command could not run at all', async () => {
      const fails = (p: Promise<unknown>) =>
        p.then(
          () => '',
          (e: Error) => (e instanceof UserError ? e.message : `not a UserError: ${e}`),
        );
      expect(await fails(exec('scratch', 'p1', 'nope', ['true'], 10_000))).toBe(
        'exec in scratch/p1 (container nope): HTTP 400: the pod does not have that container, or is not running',
      );
      expect(await fails(exec('scratch', 'gone', 'main', ['true'], 10_000))).toBe(
        'exec in scratch/gone (container main): HTTP 404: no such pod',
      );
      expect(await fails(limited('scratch', 'p1', 'main', ['true'], 10_000))).toBe(
        "exec in scratch/p1 (container main): HTTP 403: the kubeconfig's user may not create pods/exec in this namespace",
      );
      expect(await fails(exec('scratch', 'p1', 'main', ['/nonexistent/probe'], 10_000))).toMatch(
        /^exec in scratch\/p1 \(container main\): Internal error occurred: .*no such file or directory$/,
      );
      expect(await fails(exec('scratch', 'p1', 'main', ['/bin/sleep', '30'], 1_000))).toBe(
        'exec in scratch/p1 (container main): no answer within 1 s',
      );
    });
  },
);

it('exitCodeOf reads the remotecommand Status the kubelet ends with', () => {
  expect(exitCodeOf({ status: 'Success' })).toEqual({ code: 0, message: 'no status' });
  expect(
    exitCodeOf({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message: 'command terminated with non-zero exit code: exit status 2',
      details: { causes: [{ reason: 'ExitCode', message: '2' }] },
    }),
  ).toEqual({ code: 2, message: 'command terminated with non-zero exit code: exit status 2' });
  expect(exitCodeOf({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [] } })).toEqual({
    message: 'NonZeroExitCode',
  });
  expect(exitCodeOf({ status: 'Failure', reason: 'InternalError', message: 'boom' })).toEqual({
    message: 'boom',
  });
});
