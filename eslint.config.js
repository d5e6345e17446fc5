import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layering, as in conventions.md: a file's folder tells which process may load it.
 * common/ imports nothing of ours but common/; backends/ never imports electron, main/
 * or renderer/; only main/electron/ imports electron; the renderer never reaches the host.
 */
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
});
const electron = [['electron', 'electron/*'], 'Only main/electron/ (and the preload) may import electron.'];
const host = [['**/main/**', '**/backends/**'], 'This layer may not import the host or the backends.'];
const renderer = [['**/renderer/**'], 'The host and backends never import renderer code.'];
const node = [['node:*'], 'common/ and the renderer are pure TypeScript: no Node modules.'];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', 'tests/peers/**/lab/**/*.py'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig } },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['common/**'], rules: forbid(electron, host, renderer, node) },
  { files: ['backends/**'], rules: forbid(electron, [['**/main/**'], 'Backends never import the host.'], renderer) },
  { files: ['main/**'], ignores: ['main/electron/**'], rules: forbid(electron, renderer) },
  { files: ['main/electron/**'], rules: forbid(renderer) },
  { files: ['renderer/**'], rules: forbid(electron, host, node) },
  { files: ['preload/**'], rules: forbid(host, renderer, node) },
  // Playwright fixtures must destructure their (possibly empty) dependencies.
  { files: ['tests/e2e/**'], rules: { 'no-empty-pattern': 'off' } },
);
