import { describe, expect, it } from 'vitest';
import { sealedChecksum, secretChecksum } from '../../src/secrets/checksum.ts';
import { buildSealedSecret } from '../../src/secrets/sealed-secret.ts';
import { emptyStore } from '../../src/secrets/store.ts';
import { sampleSecrets } from './helpers.ts';

const secret = {
  service: 'litellm',
  namespace: 'ai',
  name: 'litellm-master-key',
  configPath: 'services.litellm',
};

describe('checksum annotations', () => {
  it('follows the sealed values in the tree, independent of object order', () => {
    const a = buildSealedSecret({ secret, scope: 'strict', encryptedData: { masterKey: 'AgAAA' } });
    const b = buildSealedSecret({
      secret: { ...secret, name: 'litellm-db' },
      scope: 'strict',
      encryptedData: { url: 'AgBBB' },
    });
    const resealed = buildSealedSecret({ secret, scope: 'strict', encryptedData: { masterKey: 'AgCCC' } });
    expect(sealedChecksum([a, b])).toBe(sealedChecksum([b, a]));
    expect(sealedChecksum([a, b])).not.toBe(sealedChecksum([resealed, b]));
    expect(sealedChecksum([])).toBeUndefined();
  });

  it('is a SHA-256 over the consumed values that changes with them', () => {
    const store = emptyStore('home');
    store.secrets['ai/litellm-master-key'] = {
      namespace: 'ai',
      name: 'litellm-master-key',
      keys: { masterKey: { value: 'sk-abc', createdAt: 'x' } },
    };
    const sum = secretChecksum({ secrets: sampleSecrets() }, 'litellm', store)!;
    expect(sum).toMatch(/^[0-9a-f]{64}$/);
    store.secrets['ai/litellm-master-key'].keys.masterKey!.value = 'sk-abd';
    expect(secretChecksum({ secrets: sampleSecrets() }, 'litellm', store)).not.toBe(sum);
  });
});
