// The worker thread of a split summary (src/cli/split.ts): loads the bundled worker when the
// CLI runs from dist-cli/, else the TypeScript sources through tsx, as bin/ixnscope does.
import { workerData } from 'node:worker_threads';

if (workerData.bundle) {
  await import(new URL('../dist-cli/splitWorker.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/splitWorker.ts', import.meta.url).href);
}
