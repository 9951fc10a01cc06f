import { defineConfig, devices } from '@playwright/test';

// E2E runs against the production build served by `vite preview`, in the system Chromium
// (Debian package `chromium`). Browsers are never downloaded: e2e/global-setup.ts installs
// Chromium via apt when it is missing and we are root, and otherwise says what to run.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// E2E_PORT and E2E_DIST let several people run the suite at once in one tree without sharing a
// build or a server.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  // The README screenshot spec rewrites docs/: it runs only when asked (IXNSCOPE_SCREENSHOTS=1).
  testIgnore: process.env.IXNSCOPE_SCREENSHOTS ? [] : ['**/views-zz-screenshots.spec.ts'],
  globalSetup: './e2e/global-setup.ts',
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --outDir ${DIST} --emptyOutDir && npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
