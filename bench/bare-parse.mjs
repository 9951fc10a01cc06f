// The ingest baseline of `npm run bench`: read the file in 1 MiB chunks, decode (Node's
// StringDecoder, the fast UTF-8 decoder behind Buffer#toString; TextDecoder is ~4x slower in
// Node 20), split lines, JSON.parse each non-blank, non-comment line. Nothing else. Prints its
// stats as JSON.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const started = performance.now();
const decoder = new StringDecoder('utf8');
let rest = '';
let records = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  const lines = (rest + decoder.write(chunk)).split('\n');
  rest = lines.pop();
  for (const line of lines) {
    if (line.length === 0 || line[0] === '#') continue;
    JSON.parse(line);
    records++;
  }
}
rest += decoder.end();
if (rest.trim()) {
  JSON.parse(rest);
  records++;
}
const u = process.resourceUsage();
console.log(JSON.stringify({ records, ms: performance.now() - started, maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
