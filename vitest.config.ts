import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{common,backends,main,preload,renderer,tests}/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'tests/e2e/**', 'tests/electron/**', 'tests/peers/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
