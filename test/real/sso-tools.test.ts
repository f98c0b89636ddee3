/*
 * The single sign-on tools the real tests run are the versions the platform pins: the `.ci/tools.d` scripts name
 * the image's version, and the binaries they leave in $SHAI_TOOLS say so themselves.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';

const script = (f: string) => readFileSync(resolve(ROOT, '.ci/tools.d', f), 'utf8');
const pinned = (f: string, name: string) => new RegExp(`^${name}=(\\S+)`, 'm').exec(script(f))?.[1];
const tag = (image: string) => image.split(':').pop();

describe('the single sign-on tools scripts', () => {
  it('build the oauth2-proxy the image pins (re-pin .ci/tools.d/60-oauth2-proxy.sh when the image moves)', () => {
    expect(pinned('60-oauth2-proxy.sh', 'OAUTH2_PROXY_VERSION')).toBe(tag(IMAGES.oauth2Proxy));
  });

  it('install the Keycloak distribution the image pins (re-pin .ci/tools.d/61-keycloak.sh when the image moves)', () => {
    expect(pinned('61-keycloak.sh', 'KEYCLOAK_VERSION')).toBe(tag(IMAGES.keycloak));
  });
});

describeWithTools('the Keycloak distribution in $SHAI_TOOLS', ['kc.sh'], 'bash .ci/tools.sh', (bin) => {
  it('is the version the image pins', () => {
    // The wrapper names the distribution's kc.sh; its version.txt says which release it is.
    const target = /exec "([^"]+)\/bin\/kc\.sh"/.exec(readFileSync(bin['kc.sh']!, 'utf8'))?.[1];
    expect(readFileSync(`${target}/version.txt`, 'utf8').trim()).toBe(
      `Keycloak - Version ${tag(IMAGES.keycloak)}`,
    );
  });
});

describeWithTools('the oauth2-proxy binary in $SHAI_TOOLS', ['oauth2-proxy'], 'bash .ci/tools.sh', (bin) => {
  it('is the version the image pins', () => {
    const out = execFileSync(bin['oauth2-proxy']!, ['--version'], { encoding: 'utf8' });
    expect(out).toMatch(new RegExp(`^oauth2-proxy ${tag(IMAGES.oauth2Proxy)!.replace(/\./g, '\\.')} `));
  });
});
