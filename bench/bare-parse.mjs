// The ingest baseline of `npm run bench`: read the file in 1 MiB chunks, decode, split lines,
// JSON.parse each non-blank, non-comment line. Nothing else. Prints its stats as JSON.
import { createReadStream } from 'node:fs';

const started = performance.now();
const decoder = new TextDecoder();
let rest = '';
let records = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
  rest = lines.pop();
  for (const line of lines) {
    if (line.length === 0 || line[0] === '#') continue;
    JSON.parse(line);
    records++;
  }
}
if (rest.trim()) {
  JSON.parse(rest);
  records++;
}
const u = process.resourceUsage();
console.log(JSON.stringify({ records, ms: performance.now() - started, maxRssKb: u.maxRSS }));
