// Copies the latest benchmark results (bench/results/*.md, written by the bench scripts) into README.md
// between <!-- bench-…:start --> and <!-- bench-…:end --> markers. Run after the benchmarks:
//   node scripts/readme-bench.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const blocks = {
  'bench-lipsync': 'lipsync.md',
  'bench-latency': 'latency.md',
  'bench-size': 'size.md',
  'bench-frame': 'frame-cost.md',
  'bench-soak': 'soak.md',
};
let readme = readFileSync(path.join(root, 'README.md'), 'utf8');
for (const [name, file] of Object.entries(blocks)) {
  const p = path.join(root, 'bench/results', file);
  if (!existsSync(p)) {
    console.log(`skipped ${name}: ${file} not found (run its benchmark first)`);
    continue;
  }
  // Headings inside results become bold lines so they sit under the README's own headings.
  const body = readFileSync(p, 'utf8')
    .replace(/^# .*\n+/, '')
    .replace(/^#{2,4} (.*)$/gm, '**$1**')
    .trim();
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  readme = readme.replace(re, `$1\n${body}\n$2`);
  console.log(`updated ${name}`);
}
writeFileSync(path.join(root, 'README.md'), readme);
