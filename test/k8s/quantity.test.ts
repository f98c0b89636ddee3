import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from '../../src/k8s/quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    [2, 2],
    ['1.5', 1.5],
    ['100Ki', 102400],
    ['512Mi', 512 * 2 ** 20],
    ['16Gi', 16 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['1k', 1000],
    ['128M', 128e6],
    ['1G', 1e9],
    ['1e3', 1000],
    ['12E', 12e18],
    ['1.5e-3', 0.0015],
    ['250u', 0.00025],
  ])('%s is %d', (q, v) => {
    expect(parseQuantity(q)).toBeCloseTo(v, 10);
  });

  it.each(['', 'abc', '1Gb', '1 Gi', '--1', 'Gi', null, {}])('%j is not a quantity', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});

describe('formatQuantity', () => {
  it('writes bytes with binary suffixes and small cpu in millicores', () => {
    expect(formatQuantity('requests.storage', 600 * 2 ** 30)).toBe('600Gi');
    expect(formatQuantity('memory', 1.5 * 2 ** 30)).toBe('1.5Gi');
    expect(formatQuantity('cpu', 0.25)).toBe('250m');
    expect(formatQuantity('limits.cpu', 12)).toBe('12');
  });
});
