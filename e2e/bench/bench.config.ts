import { defineConfig } from '@playwright/test';
import base from '../playwright.config.ts';

// The dashboard benchmarks: same browser and flags as the e2e tests, one at a time so they do not
// compete for the CPU.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  outputDir: '../../test-results/bench',
  workers: 1,
  fullyParallel: false,
});
