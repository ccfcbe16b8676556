// Entry point: generates the VRM 0.x test fixture, the default avatar written
// to the VRM 0.x specification (facing −Z, "VRM" extension, MToon 0.x).
//   npx tsx scripts/avatar/build-vrm0-fixture.ts [output-path]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateAvatarVrm0 } from './generate.js';

const out = resolve(process.argv[2] ?? 'test/fixtures/avatars/default-avatar-vrm0.vrm');
const bytes = generateAvatarVrm0();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(`wrote ${out} (${bytes.byteLength} bytes)`);
