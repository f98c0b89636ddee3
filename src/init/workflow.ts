import { stringify } from 'yaml';

/** How the user's CI installs shai: an npm install spec (registry version, git URL or tarball). */
export const SHAI_PACKAGE_VARIABLE = 'SHAI_PACKAGE';

/**
 * `.github/workflows/shai.yml`: the tree is the render of platform.yaml, the check's findings go to code
 * scanning (SARIF), and every planned secret is sealed (a gate that needs no secret store).
 */
export function workflowYaml(shaiPackage?: string): string {
  const doc = {
    name: 'shai',
    on: { push: { branches: ['main'] }, pull_request: {} },
    permissions: { contents: 'read' },
    jobs: {
      shai: {
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', 'security-events': 'write' },
        env: { [SHAI_PACKAGE_VARIABLE]: shaiPackage ?? `\${{ vars.${SHAI_PACKAGE_VARIABLE} }}` },
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } },
          {
            name: 'Install shai',
            run: `command -v shai >/dev/null || npm install --global "\${${SHAI_PACKAGE_VARIABLE}:?set the repository variable ${SHAI_PACKAGE_VARIABLE} to how npm installs shai}"`,
          },
          { name: 'deploy/ is the render of platform.yaml', run: 'shai render --check' },
          { name: 'Check the platform', run: 'shai check --format sarif > shai.sarif' },
          {
            name: 'Upload the findings to code scanning',
            if: 'always()',
            uses: 'github/codeql-action/upload-sarif@v3',
            with: { sarif_file: 'shai.sarif', category: 'shai' },
          },
          { name: 'Every planned secret is sealed', run: 'shai secrets status --tree-only --fail-on error' },
        ],
      },
    },
  };
  return `# Written by shai init: checks every push and pull request of the platform repository.\n${stringify(doc, { lineWidth: 0 })}`;
}

/** `.pre-commit-config.yaml`: the same render check before every commit that touches the platform. */
export function preCommitYaml(): string {
  const doc = {
    repos: [
      {
        repo: 'local',
        hooks: [
          {
            id: 'shai-render-check',
            name: 'deploy/ is the render of platform.yaml (run shai render)',
            entry: 'shai render --check',
            language: 'system',
            files: '^(platform\\.yaml|deploy/)',
            pass_filenames: false,
          },
          {
            id: 'shai-secrets-sealed',
            name: 'every planned secret is sealed (run shai secrets seal)',
            entry: 'shai secrets status --tree-only --fail-on error',
            language: 'system',
            files: '^(platform\\.yaml|deploy/)',
            pass_filenames: false,
          },
        ],
      },
    ],
  };
  return `# Written by shai init: install with \`pipx install pre-commit && pre-commit install\`.\n${stringify(doc, { lineWidth: 0 })}`;
}
