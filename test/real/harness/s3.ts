/*
 * An S3-compatible server on loopback: moto's standalone server (PyPI moto[s3] 5.2.5, `.ci/tools.d/35-barman-s3.sh`).
 * It implements the S3 REST API for tests (buckets and objects in memory); it is not a production object store,
 * which is all the backup tests need of it: barman-cloud talks to it with boto3 as it talks to MinIO or AWS.
 */
import { findTool } from '../../helpers/tools.ts';
import { loopbackAddress, freePort } from './loopback.ts';
import { answers, type Server, startServer } from './process.ts';

/** A running S3 server and the credentials any client may use with it. */
export interface S3 extends Server {
  endpoint: string;
  env: Record<string, string>;
  /** Creates a bucket, as the platform's MinIO bucket Job does (`mc mb`) before anything is archived. */
  createBucket(name: string): Promise<void>;
}

/** Starts moto_server on a fresh loopback address. */
export async function startS3(): Promise<S3> {
  const bin = findTool('moto_server');
  if (!bin) throw new Error('moto_server not found; run bash .ci/tools.sh');
  const port = await freePort();
  const host = await loopbackAddress([port]);
  const endpoint = `http://${host}:${port}`;
  const server = await startServer({
    name: 'moto_server',
    command: bin,
    args: ['-H', host, '-p', String(port)],
    ready: () => answers(`${endpoint}/`),
    startTimeoutMs: 60_000,
  });
  // moto accepts any key pair; these are what the clients sign with.
  const env = {
    AWS_ACCESS_KEY_ID: 'shai-test',
    AWS_SECRET_ACCESS_KEY: 'shai-test-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  const createBucket = async (name: string) => {
    // moto does not check request signatures unless told to, so a plain PUT creates the bucket.
    const res = await fetch(`${endpoint}/${encodeURIComponent(name)}`, { method: 'PUT' });
    if (!res.ok) throw new Error(`creating bucket ${name} failed: ${res.status} ${await res.text()}`);
  };
  return { ...server, endpoint, env, createBucket };
}
