import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'coverage', 'dist', 'dist.*', 'deploy', 'schema', '.stryker-tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='exit']",
          message: 'Only src/cli/bin.ts exits.',
        },
      ],
    },
  },
  { files: ['src/cli/bin.ts', 'bin/**', 'bench/**', '.ci/**'], rules: { 'no-restricted-syntax': 'off' } },
);
