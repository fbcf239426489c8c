import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['generator/**/*.test.ts', 'templates/runtime/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'generated/**', 'test/.tmp/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The second reporter prints one line at the end when tests needing redis-server were skipped.
    reporters: ['default', './test/support/redis-reporter.ts'],
  },
});
