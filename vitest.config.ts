import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The run's own temporary folder first, so the cache's folder is made in it too.
    globalSetup: ['test/support/temp-setup.ts', 'test/support/cache-setup.ts'],
  },
});
