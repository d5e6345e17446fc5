import { defineConfig } from 'vitest/config';

/**
 * Suites against the real peers (vcsim, a real OpenStack). scripts/test starts the peers,
 * exports their addresses as SKYDECK_* variables, runs this config, then stops them.
 * A peer suite fails — never skips — when its peer's variables are missing.
 */
export default defineConfig({
  test: {
    include: ['tests/peers/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
