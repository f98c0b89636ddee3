/**
 * Chart recordings (test/fixtures/charts/<application>.yaml, written by scripts/record-charts.ts) are the output of
 * `helm template` for one Argo CD Application. Their leading comment block names that Application in a line
 * `# application: <name>`; every object of the file is then delivered by it, as if its chart source had rendered it.
 */
const HEADER_LINE = /^#\s*application:\s*(\S+)\s*$/;

/** The Application a file's leading comment block names, or undefined for an ordinary manifest. */
export function recordedApplication(text: string): string | undefined {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).trimEnd();
    if (line && !line.startsWith('#')) return undefined; // the header ends at the first non-comment line
    const m = HEADER_LINE.exec(line);
    if (m) return m[1];
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}
