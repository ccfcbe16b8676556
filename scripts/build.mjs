// `npm run build`: dist/ and cdn/ with rollup, then type declarations, then the CLI's executable bit.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
rmSync(path.join(root, 'cdn'), { recursive: true, force: true });
run(bin('rollup'), ['-c', '--silent']);
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
const cli = path.join(root, 'dist/cli/voice-live-lipsync.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
console.log('build: dist/ and cdn/ written');
