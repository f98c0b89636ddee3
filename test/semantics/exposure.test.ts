import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { hostCovered } from '../../src/semantics/exposure.ts';
import { hostAuthenticated } from '../../src/check/rules/host-authenticated.ts';
import { llmEndpointNotPublic } from '../../src/check/rules/llm-endpoint-not-public.ts';
import type { Rule } from '../../src/check/types.ts';
import { loadFixture } from '../check/load.ts';

const fixtures = join(import.meta.dirname, '../fixtures/check');
const failures = (rule: Rule, file: string) =>
  runCheck({ objects: loadFixture(join(fixtures, rule.id, file), file) }, [rule])
    .findings.filter((f) => f.status === 'fail')
    .map((f) => [f.target.jsonPath, f.message]);

describe('hostCovered', () => {
  it('matches exact hosts and one-level wildcards', () => {
    expect(hostCovered('ai.home.arpa', 'ai.home.arpa')).toBe(true);
    expect(hostCovered('*.home.arpa', 'ai.home.arpa')).toBe(true);
    expect(hostCovered('*.home.arpa', 'a.b.home.arpa')).toBe(false);
    expect(hostCovered('*.home.arpa', 'home.arpa')).toBe(false);
  });
});

describe('exposure messages', () => {
  it('says which host lacks authentication and why', () => {
    expect(failures(hostAuthenticated, 'route-without-auth-fails.yaml')).toEqual([
      [
        '.spec.routes[0]',
        'host search.home.arpa is served without authentication: no forward-auth middleware, no shai.dev/auth: oidc and no shai.dev/public reason',
      ],
    ]);
    expect(failures(hostAuthenticated, 'public-without-reason-fails.yaml')[0]?.[1]).toContain(
      'shai.dev/public gives no real reason ("yes"',
    );
  });

  it('names the endpoint and how it was recognised', () => {
    expect(failures(llmEndpointNotPublic, 'ollama-loadbalancer-fails.yaml')).toEqual([
      [
        '.spec.type',
        'Service ai/ollama (image ollama/ollama:0.12.3) is of type LoadBalancer: reachable from outside without authentication',
      ],
    ]);
    expect(failures(llmEndpointNotPublic, 'litellm-route-with-oidc-only-fails.yaml')).toEqual([
      [
        '.spec.rules[0].http.paths[0].backend.service',
        'host llm.home.arpa sends requests to ai/litellm (image ghcr.io/berriai/litellm:v1.77.5-stable) without forward-auth',
      ],
    ]);
  });
});
