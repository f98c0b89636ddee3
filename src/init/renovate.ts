/**
 * `renovate.json` for the platform repository. shai renders every pin into deploy/: chart versions in the
 * Argo CD Applications (deploy/apps, Renovate's argocd manager) and images as `image: repo:tag` lines in
 * manifests and chart values (deploy/, the kubernetes manager); image overrides live in platform.yaml (a regex
 * manager). deploy/ is generated, so an update found there only appears on the Dependency Dashboard: apply it
 * in platform.yaml (services.NAME.image) or by upgrading shai, then `shai render`.
 */
export const RENOVATE_MANAGERS = {
  argocd: ['/(^|/)deploy/apps/.+\\.ya?ml$/'],
  kubernetes: ['/(^|/)deploy/.+\\.ya?ml$/'],
  platform: ['/(^|/)platform\\.ya?ml$/'],
} as const;

/** The regex of the platform.yaml manager: `image: registry/name:tag` of a service override. */
export const PLATFORM_IMAGE_REGEX =
  'image:\\s*[\'"]?(?<depName>[a-z0-9.-]+(?::\\d+)?/[a-z0-9._/-]+|[a-z0-9._-]+):(?<currentValue>[\\w][\\w.-]*)[\'"]?\\s*$';

/** The configuration as data (written as JSON). */
export function renovateConfig(): Record<string, unknown> {
  return {
    $schema: 'https://docs.renovatebot.com/renovate-schema.json',
    extends: ['config:recommended'],
    dependencyDashboard: true,
    argocd: { managerFilePatterns: [...RENOVATE_MANAGERS.argocd] },
    kubernetes: { managerFilePatterns: [...RENOVATE_MANAGERS.kubernetes] },
    customManagers: [
      {
        customType: 'regex',
        description: 'image overrides in platform.yaml (services.NAME.image)',
        managerFilePatterns: [...RENOVATE_MANAGERS.platform],
        matchStrings: [PLATFORM_IMAGE_REGEX],
        datasourceTemplate: 'docker',
      },
    ],
    packageRules: [
      {
        description:
          'deploy/ is rendered by shai: list its updates on the Dependency Dashboard only; apply one in platform.yaml (services.NAME.image) or by upgrading shai, then run shai render',
        matchFileNames: ['deploy/**'],
        dependencyDashboardApproval: true,
      },
    ],
  };
}

/** renovate.json as written. */
export function renovateJson(): string {
  return `${JSON.stringify(renovateConfig(), null, 2)}\n`;
}
