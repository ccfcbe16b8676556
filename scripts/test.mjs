// `npm test`: lint, type-check, build, Node tests, browser tests. Prints each suite's result and, last,
// one plain `N passed, N failed` line counting every suite (CI reads that line).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const only = process.argv.slice(2); // e.g. `npm test -- node browser`

const results = [];

/** The browser tests need Debian's Chromium (no test tool may download its own browser here). */
function ensureChromium() {
  if (process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH)) return;
  if (['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p))) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian\'s chromium with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    return;
  }
  console.log('Chromium is missing: install it with `sudo apt-get install chromium` (or set CHROME_PATH).');
}
if (!only.length || only.includes('browser')) ensureChromium();

function step(name, cmd, args, { counts } = {}) {
  if (only.length && !only.includes(name)) return;
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  if (counts) rmSync(counts, { force: true });
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (counts) {
    let c = { passed: 0, failed: 0, failures: [] };
    if (existsSync(counts)) c = JSON.parse(readFileSync(counts, 'utf8'));
    // A runner that crashed before reporting counts as one failure.
    if (r.status !== 0 && c.failed === 0) c = { ...c, failed: 1, failures: [...(c.failures ?? []), `${name} exited with ${r.status ?? r.signal}`] };
    results.push({ name, passed: c.passed, failed: c.failed, failures: c.failures ?? [], seconds });
  } else {
    results.push({ name, passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1, failures: r.status === 0 ? [] : [name], seconds });
  }
}

const nodeTests = readdirSync(path.join(root, 'test/node'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test/node', f));

step('lint', bin('eslint'), ['.', '--max-warnings=0']);
step('typecheck', process.execPath, [
  '-e',
  `const {execFileSync}=require('child_process');for (const p of ['tsconfig.json','tsconfig.node.json','tsconfig.worklet.json','tsconfig.bench.json']) execFileSync(${JSON.stringify(bin('tsc'))},['-p',p],{stdio:'inherit'});`,
]);
step('build', process.execPath, ['scripts/build.mjs']);
step('fixtures', process.execPath, [
  '-e',
  `const {execFileSync}=require('child_process');execFileSync(${JSON.stringify(bin('tsx'))},['scripts/make-test-audio.ts'],{stdio:'inherit'});execFileSync(process.execPath,['scripts/build-test-apps.mjs'],{stdio:'inherit'});`,
]);
step(
  'node',
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-timeout=120000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/test-count-reporter.mjs',
    `--test-reporter-destination=${path.join(tmp, 'node-counts.json')}`,
    ...nodeTests,
  ],
  { counts: path.join(tmp, 'node-counts.json') },
);
step(
  'browser',
  process.execPath,
  ['--import', 'tsx', path.join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'],
  { counts: path.join(tmp, 'browser-counts.json') },
);

console.log('\nSummary');
for (const r of results) {
  console.log(`  ${r.failed ? '✗' : '✓'} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds} s)`);
  for (const f of r.failures) console.log(`      failed: ${f}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
