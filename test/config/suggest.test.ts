import { describe, expect, it } from 'vitest';
import { isCron } from '../../src/config/cron.ts';
import { show } from '../../src/config/messages.ts';
import { formatPath } from '../../src/config/path.ts';
import { closest, editDistance } from '../../src/config/suggest.ts';

describe('editDistance', () => {
  it.each([
    ['replicas', 'replicas', 0],
    ['replica', 'replicas', 1],
    ['memroy', 'memory', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, d) => expect(editDistance(a, b)).toBe(d));
});

describe('closest', () => {
  const keys = ['enabled', 'replicas', 'resources', 'storage', 'node', 'image', 'public'];
  it('finds typos, case slips and transpositions', () => {
    expect(closest('replcias', keys)).toBe('replicas');
    expect(closest('Enabled', keys)).toBe('enabled');
    expect(closest('nodes', keys)).toBe('node');
  });
  it('suggests nothing for an unrelated word', () => {
    expect(closest('colour', keys)).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
});

describe('isCron', () => {
  it.each(['0 3 * * *', '*/15 * * * *', '0 0-6/2 1,15 * 1-5', '30 2 * 12 7'])('accepts %s', (e) =>
    expect(isCron(e)).toBe(true),
  );
  it.each([
    '0 3 * *',
    '0 24 * * *',
    '60 * * * *',
    '0 3 0 * *',
    '0 3 * 13 *',
    '5-1 * * * *',
    '*/0 * * * *',
    'a b c d e',
  ])('rejects %s', (e) => expect(isCron(e)).toBe(false));
});

describe('formatPath', () => {
  it('writes indexes in brackets and quotes keys that are not plain words', () => {
    expect(formatPath(['cluster', 'nodes', 1, 'labels', 'nvidia.com/gpu'])).toBe(
      'cluster.nodes[1].labels["nvidia.com/gpu"]',
    );
    expect(formatPath([0, 'name'])).toBe('[0].name');
    expect(formatPath([])).toBe('');
  });
});

describe('show', () => {
  it('quotes strings, shortening long ones, and names structures', () => {
    expect(show('two')).toBe('"two"');
    expect(show('x'.repeat(100))).toBe(`"${'x'.repeat(57)}..."`);
    expect(show(1.5)).toBe('1.5');
    expect(show(null)).toBe('an empty value');
    expect(show([])).toBe('an empty list');
    expect(show([1, 2])).toBe('a list of 2 items');
    expect(show({ a: 1 })).toBe('a mapping');
  });
});
