import { keysOf } from '../../semantics/refs.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

/** No Secret with data in the tree: only SealedSecrets. */
export const noPlainSecrets: Rule = {
  id: 'no-plain-secrets',
  title: 'No plaintext Secrets in the tree',
  severity: 'error',
  family: 'secrets',
  targets: ['Secret'],
  fix: 'Seal it (shai secrets seal, or kubeseal) and commit the SealedSecret instead; rotate the value, it is in git history.',
  docs:
    'A Secret manifest holds its values base64-encoded, which is not encryption: anyone with the repository reads them. ' +
    'Any Secret with `data` or `stringData` fails, whatever its type; commit SealedSecrets only.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const s of ctx.index.byKind('Secret')) {
      const keys = [...keysOf(s.object.data), ...keysOf(s.object.stringData)];
      if (!keys.length) {
        out.push(pass(s));
        continue;
      }
      const field = keysOf(s.object.stringData).length ? '.stringData' : '.data';
      out.push(fail(s, `plaintext Secret in the tree with keys ${keys.sort().join(', ')}`, field));
    }
    return out;
  },
};
