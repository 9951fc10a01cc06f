// Bundles the CLI (src/cli + src/model) into dist-cli/ so `bin/ixnscope` starts without
// compiling TypeScript on every run. Runs on `npm install` (prepare) and `npm run build`;
// bin/ixnscope falls back to running the sources through tsx when the bundle is missing or
// older than a source file, so an edit never runs stale code.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist-cli`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli/main.ts`, `${root}src/cli/splitWorker.ts`],
  outdir: `${root}dist-cli`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
