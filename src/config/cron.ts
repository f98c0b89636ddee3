/** Ranges of the five fields of a standard cron expression: minute hour day-of-month month day-of-week. */
const FIELDS: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

const PART = /^(\*|(\d+)(-(\d+))?)(\/(\d+))?$/;

/** True when `expr` is a five-field cron expression whose numbers are within each field's range. */
export function isCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) return false;
  return fields.every((field, i) => field.split(',').every((part) => partOk(part, FIELDS[i]!)));
}

function partOk(part: string, [lo, hi]: [number, number]): boolean {
  const m = PART.exec(part);
  if (!m) return false;
  const nums = [m[2], m[4]].filter((n): n is string => n !== undefined).map(Number);
  if (nums.some((n) => n < lo || n > hi)) return false;
  if (nums.length === 2 && nums[0]! > nums[1]!) return false;
  return m[6] === undefined || Number(m[6]) >= 1;
}
