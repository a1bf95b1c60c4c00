// ESLint (flat config): a focused, type-aware lint that is part of `npm test`.
// It checks promise handling (a promise nobody awaits hides a failure and races the next step of
// a test), `any`, and unused names; style is left to review. Type-aware rules read tsconfig.json
// through the TypeScript project service, so the lint sees the same types as `tsc --noEmit`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

const unusedVars = [
  'error',
  { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
];

export default defineConfig(
  // What a run or a tool leaves in the tree (the same as .gitignore), and declaration files.
  { ignores: ['node_modules/', 'reports/latest/', 'reports/runs/', '.ftlab/', 'tmp/', '**/*.d.ts'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // Files outside tsconfig.json's `include` (the root-level layers test) get its options too.
        projectService: { allowDefaultProject: ['*.ts'], defaultProject: 'tsconfig.json' },
        tsconfigRootDir: root,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
    },
  },
  {
    // The JavaScript entry points and configs: no type information, so only the plain rules.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { sourceType: 'module', ecmaVersion: 2022 },
    rules: {
      'no-unused-vars': unusedVars,
    },
  },
);
