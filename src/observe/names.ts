/** `open-webui` → `OpenWebui`: a service name as the start of an alert name. */
export function pascal(name: string): string {
  return name
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** A regular expression matching exactly these names, for a PromQL label matcher. */
export function anyOf(names: readonly string[]): string {
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')).join('|');
}
