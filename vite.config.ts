import { defineConfig } from 'vite';

// The UI is built into dist/ui and served by the relay itself (server/dashboard), so the dashboard
// and the agent socket share one loopback port and one token. Vitest runs the unit and integration
// tests beside the sources; Playwright owns e2e/.
export default defineConfig({
  root: '.',
  base: './',
  build: { outDir: 'dist/ui', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    // Tests spawn the compiled CLI (server/bin/responses-inspector.mjs runs dist/server).
    globalSetup: ['server/testing/buildServer.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
