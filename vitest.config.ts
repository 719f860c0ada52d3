import { defineConfig } from 'vitest/config';

// Native-addon suites run in forked processes (a crashing addon must not take
// the runner down, and Node-API modules do not like worker threads).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // gc() lets the leak test measure retained memory, not garbage.
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
