import type { IContainer } from 'kubernetes-models/v1/Container';

/** An in-cluster address in a container's settings, and the key holding it (`env OLLAMA_HOST`, `command[2]`). */
export interface SettingAddress {
  host: string;
  port?: number;
  key: string;
  text: string;
}

const SVC = /\b([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)\.svc(?:\.cluster\.local)?(?::(\d+))?/gi;

/** The in-cluster `<svc>.<ns>.svc[.cluster.local][:port]` addresses a container is configured with. */
export function settingAddresses(c: IContainer): SettingAddress[] {
  const texts: [string, string][] = [
    ...(c.env ?? []).flatMap((e): [string, string][] => (e.value ? [[`env ${e.name}`, e.value]] : [])),
    ...(c.command ?? []).map((v, i): [string, string] => [`command[${i}]`, v]),
    ...(c.args ?? []).map((v, i): [string, string] => [`args[${i}]`, v]),
  ];
  const out: SettingAddress[] = [];
  for (const [key, text] of texts) {
    SVC.lastIndex = 0;
    for (let m = SVC.exec(text); m; m = SVC.exec(text))
      out.push({ host: `${m[1]}.${m[2]}`, ...(m[3] ? { port: Number(m[3]) } : {}), key, text: m[0] });
  }
  return out;
}
