import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (team rule). Each test starts its own CLI process on
// a free loopback port (fixtures.ts), so tests are independent and can run in parallel.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // The specs start the compiled CLI (dist/server): built from the current sources first.
  globalSetup: '../server/testing/buildServer.ts',
  outputDir: '../test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
