import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.ts';
import { formatNames, formatReport } from '../../../src/report/formats/index.ts';
import { OPTS, sampleReport } from './sample.ts';

describe('formatReport', () => {
  it('knows the five formats by name', () => {
    expect(formatNames).toEqual(['text', 'json', 'sarif', 'junit', 'md']);
    expect(JSON.parse(formatReport(sampleReport(), 'json', OPTS)).tool).toBe('check');
  });

  it('refuses an unknown format with a user error naming the known ones', () => {
    expect(() => formatReport(sampleReport(), 'html', OPTS)).toThrow(UserError);
    expect(() => formatReport(sampleReport(), 'html', OPTS)).toThrow(
      'unknown format "html"; known formats: text, json, sarif, junit, md',
    );
  });
});
