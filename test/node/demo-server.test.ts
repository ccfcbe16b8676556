/**
 * The demo server: static files with the right types and no way out of the root, the simulator and the relay
 * on one port, and scripts/start.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../../src/server/demo-server.js';
import type { DemoServer } from '../../src/server/demo-server.js';
import { SimClient, startSimulator, wsUrl } from './helpers/sim-client.js';
import type { TestSimulator } from './helpers/sim-client.js';

let dir: string;
let root: string;
let demo: DemoServer;
let upstream: TestSimulator;
const KEY = 'demo-relay-key-123';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-server-'));
  root = join(dir, 'root');
  await mkdir(join(root, 'demo'), { recursive: true });
  await mkdir(join(root, 'assets'), { recursive: true });
  await mkdir(join(root, '.git'), { recursive: true });
  const files: Record<string, string> = {
    'demo/index.html': '<!doctype html><title>demo</title>',
    'demo/app.js': 'export const x = 1;',
    'demo/mod.mjs': 'export default 1;',
    'demo/style.css': 'body{}',
    'demo/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'demo/data.json': '{"a":1}',
    'demo/rec.jsonl': '{"t":0}\n',
    'assets/avatar.vrm': 'glTF-vrm',
    'assets/model.glb': 'glTF-glb',
    'assets/voice.wav': 'RIFF....WAVE',
    'assets/pic.png': '\x89PNG',
    'assets/blob.xyz': 'x',
    '.git/config': '[core] secret',
    '.env': 'SECRET=1',
  };
  for (const [p, body] of Object.entries(files)) await writeFile(join(root, p), body);
  await writeFile(join(dir, 'outside.txt'), 'outside secret');
  await symlink(join(dir, 'outside.txt'), join(root, 'demo', 'escape.txt'));
  upstream = await startSimulator({ apiKey: KEY });
  demo = await startDemoServer({ port: 0, root, simulator: { realtimeFactor: 200 }, relay: { endpoint: upstream.url, apiKey: KEY } });
});
after(async () => {
  await demo.close();
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

/** Raw HTTP request (the path is sent exactly as given, no client-side normalization). */
function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(demo.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('/ redirects to /demo/; directories serve index.html; a directory without slash redirects', async () => {
  const r = await get('/');
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/demo/');
  const index = await get('/demo/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(index.body, /<title>demo<\/title>/);
  const noSlash = await get('/demo?x=1');
  assert.equal(noSlash.status, 301);
  assert.equal(noSlash.headers.location, '/demo/?x=1');
});

test('MIME types', async () => {
  const expected: Record<string, string> = {
    '/demo/app.js': 'text/javascript; charset=utf-8',
    '/demo/mod.mjs': 'text/javascript; charset=utf-8',
    '/demo/style.css': 'text/css; charset=utf-8',
    '/demo/icon.svg': 'image/svg+xml',
    '/demo/data.json': 'application/json; charset=utf-8',
    '/demo/rec.jsonl': 'application/jsonl; charset=utf-8',
    '/assets/avatar.vrm': 'model/gltf-binary',
    '/assets/model.glb': 'model/gltf-binary',
    '/assets/voice.wav': 'audio/wav',
    '/assets/pic.png': 'image/png',
    '/assets/blob.xyz': 'application/octet-stream',
  };
  for (const [path, type] of Object.entries(expected)) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  const head = await get('/demo/app.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String('export const x = 1;'.length));
  assert.equal(head.body, '');
  assert.equal((await get('/demo/app.js', 'POST')).status, 405);
  assert.equal((await get('/demo/missing.js')).status, 404);
});

test('path traversal, encoded separators, dotfiles and escaping symlinks are refused', async () => {
  for (const path of [
    '/../outside.txt',
    '/demo/../../outside.txt',
    '/demo/..%2f..%2foutside.txt',
    '/%2e%2e/outside.txt',
    '/demo/%2e%2e/%2e%2e/outside.txt',
    '/demo/..\\..\\outside.txt',
    '/demo/%5c..%5c..%5coutside.txt',
    '/.git/config',
    '/.env',
    '/demo/escape.txt',
    '/demo/%00index.html',
    '/demo/%E0%A4%A.html',
  ]) {
    const r = await get(path);
    assert.ok(r.status === 403 || r.status === 404, `${path} → ${r.status}`);
    assert.ok(!r.body.includes('secret'), `${path} leaked content`);
  }
});

test('the simulator answers on /voice-live/realtime and the relay on /relay/voice-live/realtime; other upgrade paths fail', async () => {
  const base = demo.url.replace(/^http/, 'ws');
  const sim = await SimClient.connect(wsUrl(`${base}voice-live/realtime`));
  await sim.waitFor('session.created');
  await sim.close();
  const relayed = await SimClient.connect(wsUrl(`${base}relay/voice-live/realtime`));
  const created = await relayed.waitFor('session.created');
  assert.match((created.session as { id: string }).id, /^sess_/);
  assert.equal(upstream.sim.connectionCount, 1, 'the relay connected to the upstream simulator');
  await relayed.close();
  await assert.rejects(SimClient.connect(wsUrl(`${base}elsewhere`)), /404/);
});

test('without relay options there is no relay path', async () => {
  const plain = await startDemoServer({ port: 0, root });
  try {
    const base = plain.url.replace(/^http/, 'ws');
    await assert.rejects(SimClient.connect(wsUrl(`${base}relay/voice-live/realtime`)), /404/);
    assert.equal(plain.relay, undefined);
  } finally {
    await plain.close();
  }
});

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

test('scripts/start.ts prints the demo URL, moves past a busy port, never prints the key, and serves the repo', async () => {
  const port = await freePort();
  const busy = createServer().listen(port, '127.0.0.1');
  await new Promise((r) => busy.once('listening', r));
  const repo = resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AZURE_VOICELIVE_ENDPOINT: 'https://example.services.ai.azure.com', AZURE_VOICELIVE_API_KEY: 'super-secret-start-key' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    for (let i = 0; i < 150 && !/Demo: /.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    const m = /Demo: (http:\/\/127\.0\.0\.1:(\d+)\/demo\/)/.exec(out);
    assert.ok(m, `no demo URL in output:\n${out}`);
    assert.notEqual(Number(m[2]), port, 'the busy port was skipped');
    assert.match(out, /Relay to example\.services\.ai\.azure\.com/);
    assert.ok(!out.includes('super-secret-start-key'), 'the key is never printed');
    const res = await fetch(`http://127.0.0.1:${m[2]}/src/server/README.md`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /simulator/i);
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    busy.close();
  }
});

test('the demo page learns whether a relay is configured, without any secret', async () => {
  const plain = await startDemoServer({ port: 0, root: process.cwd() });
  const a = await (await fetch(`${plain.url}demo/config.json`)).json();
  assert.deepEqual(a, { simulator: '/voice-live/realtime', relay: null, relayHost: null });
  await plain.close();
  const withRelay = await startDemoServer({ port: 0, root: process.cwd(), relay: { endpoint: 'https://contoso.services.ai.azure.com', apiKey: 'relay-secret-key-42' } });
  const res = await fetch(`${withRelay.url}demo/config.json`);
  const text = await res.text();
  assert.deepEqual(JSON.parse(text), { simulator: '/voice-live/realtime', relay: '/relay/voice-live/realtime', relayHost: 'contoso.services.ai.azure.com' });
  assert.ok(!text.includes('relay-secret-key-42'), 'no key in the config');
  await withRelay.close();
});
