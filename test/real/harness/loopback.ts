/*
 * In-cluster addresses on loopback. Each in-cluster host (`<service>.<namespace>.svc.cluster.local`, or a public
 * hostname) gets its own loopback address in 127.0.0.0/8, and the real application or stand-in behind it listens
 * there on the port the rendered tree names. So the only change made to rendered configuration is the host part of
 * an address; ports, paths, keys and every other value stay as rendered.
 */
import { createServer } from 'node:net';

/** True when `host:port` can be listened on now. */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => done(true)));
  });
}

/** A free port on `host`, chosen by the kernel. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/**
 * A loopback address other than 127.0.0.1 on which every port in `ports` is free. Random, so test files running
 * side by side (and teammates' servers on 127.0.0.1) do not collide.
 */
export async function loopbackAddress(ports: number[]): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const b = () => 1 + Math.floor(Math.random() * 254);
    const host = `127.${b()}.${b()}.${b()}`;
    const free = await Promise.all(ports.map((p) => portFree(host, p)));
    if (free.every(Boolean)) return host;
  }
  throw new Error(`no loopback address with ports ${ports.join(', ')} free after 50 tries`);
}

/** One rewrite made to a rendered value: which key, what it was, what it became. */
export interface Rewrite {
  key: string;
  from: string;
  to: string;
}

/** In-cluster host → loopback address; `rewrite` replaces whole hostnames only. */
export class LoopbackHosts {
  readonly hosts = new Map<string, string>();
  readonly rewrites: Rewrite[] = [];

  /** Gives `hostname` its own loopback address, free on `ports`. */
  async add(hostname: string, ports: number[]): Promise<string> {
    const address = await loopbackAddress(ports);
    this.hosts.set(hostname, address);
    return address;
  }

  /** `text` with every whole occurrence of a known hostname replaced by its address; records the change. */
  rewrite(key: string, text: string): string {
    let out = text;
    for (const [host, address] of this.hosts) {
      const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`, 'g'), address);
    }
    if (out !== text) this.rewrites.push({ key, from: text, to: out });
    return out;
  }

  /** Every value of `env` rewritten (keys unchanged). */
  rewriteEnv(env: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, this.rewrite(`env ${k}`, v)]));
  }
}

/** In-cluster hostnames (`*.svc.cluster.local`) mentioned in `text`, sorted and unique. */
export function clusterHosts(text: string): string[] {
  return [...new Set(text.match(/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.svc\.cluster\.local/g) ?? [])].sort();
}
