import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Makes sure the system Chromium that playwright.config.ts points at exists.
 * `npx playwright install` is not used: browsers come from Debian's `chromium` package.
 */
export default function globalSetup(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;

  const isRoot = process.getuid?.() === 0;
  if (!isRoot || process.env.CHROMIUM_PATH) {
    throw new Error(
      process.env.CHROMIUM_PATH
        ? `CHROMIUM_PATH=${chromium} does not exist`
        : 'sudo apt-get update && sudo apt-get install -y chromium',
    );
  }
  console.log(`[e2e] ${chromium} not found; installing Debian chromium via apt-get (root)`);
  execSync('apt-get update && apt-get install -y chromium', {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(chromium)) throw new Error(`apt-get installed chromium but ${chromium} is still missing`);
}
