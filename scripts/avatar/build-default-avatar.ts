// Entry point: generates assets/default-avatar.vrm.
//   npx tsx scripts/avatar/build-default-avatar.ts [output-path]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateAvatar } from './generate.js';

const out = resolve(process.argv[2] ?? 'assets/default-avatar.vrm');
const bytes = generateAvatar();
writeFileSync(out, bytes);
console.log(`wrote ${out} (${bytes.byteLength} bytes)`);
