import { defineConfig } from 'vitest/config';

// Browser end-to-end tests (headless Chromium through playwright-core), kept
// apart from the default suite: `npx vitest run -c vitest.browser.config.ts`.
// Files are named *.e2e.ts so the default config (test/**/*.test.ts) skips them.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.e2e.ts'],
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'build/vitest-browser-report.json' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
