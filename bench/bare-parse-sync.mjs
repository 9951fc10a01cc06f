// The second ingest baseline of `npm run bench`: the plainest loop there is. Read the whole file
// as one string, split it into lines, JSON.parse each non-blank, non-comment line. It holds the
// file in memory twice, so it is only a baseline; it is ~15% faster than the streaming loop
// (bare-parse.mjs). Prints its stats as JSON.
import { readFileSync } from 'node:fs';

const started = performance.now();
let records = 0;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line.length === 0 || line[0] === '#') continue;
  JSON.parse(line);
  records++;
}
const u = process.resourceUsage();
console.log(JSON.stringify({ records, ms: performance.now() - started, maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
