/** What a benchmark reports: lines for the table, the first one its headline figure. */
export type BenchResult = string[];

/** One benchmark: a file in bench/ exporting this, listed in bench/run.ts. */
export interface Bench {
  name: string;
  run(): Promise<BenchResult>;
}

/** Median of a sample; robust against the odd slow run on a shared machine. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
