import { describe, expect, it } from 'vitest';
import { gitHostPort, lanLikely, smarthostHostPort, urlHostPort } from '../../src/plan/endpoints.ts';

describe('endpoint addresses', () => {
  it.each([
    ['http://minio.backup.svc.cluster.local:9000', { host: 'minio.backup.svc.cluster.local', port: 9000 }],
    ['https://s3.nas.example.net', { host: 's3.nas.example.net', port: 443 }],
    ['http://192.168.1.20', { host: '192.168.1.20', port: 80 }],
    ['https://[FD00::20]:9443/bucket', { host: 'fd00::20', port: 9443 }],
  ])('URL %s', (url, expected) => expect(urlHostPort(url)).toEqual(expected));

  it.each([
    ['https://github.com/example/homelab.git', { host: 'github.com', port: 443 }],
    ['git@github.com:example/homelab.git', { host: 'github.com', port: 22 }],
    ['ssh://git@forge.lan:2222/lab/platform.git', { host: 'forge.lan', port: 2222 }],
    ['ssh://git@forge.lan/lab/platform.git', { host: 'forge.lan', port: 22 }],
    ['git@192.168.1.5:lab/platform.git', { host: '192.168.1.5', port: 22 }],
    ['git://forge.lan/platform.git', { host: 'forge.lan', port: 9418 }],
    ['/srv/git/platform.git', undefined],
    ['file:///srv/git/platform.git', undefined],
  ])('Git remote %s', (remote, expected) => expect(gitHostPort(remote)).toEqual(expected));

  it('reads a smarthost host:port', () => {
    expect(smarthostHostPort('smtp.home.arpa:587')).toEqual({ host: 'smtp.home.arpa', port: 587 });
    expect(smarthostHostPort('192.168.1.25:25')).toEqual({ host: '192.168.1.25', port: 25 });
  });

  it.each([
    ['smtp.home.arpa', 'home.arpa', true],
    ['nas', 'example.org', true],
    ['printer.local', 'example.org', true],
    ['s3.nas.example.net', 'lab.example.net', true],
    ['github.com', 'home.arpa', false],
    ['smtp.gmail.com', 'lab.example.net', false],
  ])('%s is LAN-looking on domain %s: %s', (host, domain, expected) =>
    expect(lanLikely(host, domain)).toBe(expected),
  );
});
