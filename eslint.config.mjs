// Lint for the whole repository: TypeScript (typescript-eslint), Lit templates (eslint-plugin-lit).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';

export default tseslint.config(
  {
    ignores: ['dist/**', 'cdn/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'bench/results/**', '.tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  litConfigs['flat/recommended'],
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error', 'info', 'debug'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
    },
  },
  {
    // The demo pages are plain browser modules.
    files: ['demo/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'document', 'fetch', 'Blob', 'URL', 'performance', 'setTimeout', 'clearTimeout', 'customElements', 'location', 'console', 'AudioContext', 'WebSocket', 'navigator', 'requestAnimationFrame', 'cancelAnimationFrame', 'atob', 'btoa', 'TextDecoder', 'sessionStorage'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    // Scripts, benchmarks, servers and CLIs print on purpose.
    files: ['scripts/**', 'bench/**', 'src/server/**', 'src/cli/**', '*.mjs', 'test/node/**', 'demo/**'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly' },
    },
    rules: { 'no-console': 'off' },
  },
);
