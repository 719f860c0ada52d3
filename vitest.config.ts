import { defineConfig } from 'vitest/config';

// Native-addon suites run in forked processes (a crashing addon must not take
// the runner down, and Node-API modules do not like worker threads).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // gc() lets the leak test measure retained memory, not garbage.
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
    // The JSON report lets .ci/run print one plain summary line at the end.
    reporters: ['default', 'json'],
    outputFile: { json: 'build/vitest-report.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
