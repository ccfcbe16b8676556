/**
 * Upgrade-time authentication like Azure's (voice-live-protocol.md §1.3): API key or Entra bearer token, in the
 * query string or a header; a wrong or missing credential fails the HTTP upgrade with 401. Secrets never reach
 * the log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { SimClient, startSimulator, wsUrl } from './helpers/sim-client.js';
import type { TestSimulator } from './helpers/sim-client.js';

const KEY = 'sim-test-key-0123456789';
const TOKEN = 'eyJ0eXAiOiJKV1QifQ.payload.signature';
const logs: string[] = [];
let sim: TestSimulator;

before(async () => {
  sim = await startSimulator({ apiKey: KEY, bearerTokens: [TOKEN], log: (l) => logs.push(l) });
});
after(() => sim.close());

/** Performs a raw upgrade request and returns the HTTP status (101 = accepted). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('rejections fail the upgrade', () => {
  test('no credential → 401', async () => {
    assert.equal((await upgradeStatus(wsUrl(sim.url))).status, 401);
  });
  test('wrong api-key (query) → 401', async () => {
    assert.equal((await upgradeStatus(wsUrl(sim.url, { 'api-key': 'nope' }))).status, 401);
  });
  test('wrong api-key (header) → 401', async () => {
    assert.equal((await upgradeStatus(wsUrl(sim.url), { 'api-key': `${KEY}x` })).status, 401);
  });
  test('wrong bearer token → 401; a key passed as a bearer token → 401', async () => {
    assert.equal((await upgradeStatus(wsUrl(sim.url, { authorization: 'Bearer nope' }))).status, 401);
    assert.equal((await upgradeStatus(wsUrl(sim.url), { Authorization: `Bearer ${KEY}` })).status, 401);
  });
  test('a browser client only sees the connection fail', async () => {
    await assert.rejects(SimClient.connect(wsUrl(sim.url, { 'api-key': 'nope' })), /401/);
  });
  test('missing api-version or model → 400', async () => {
    const noVersion = new URL(wsUrl(sim.url, { 'api-key': KEY }));
    noVersion.searchParams.delete('api-version');
    assert.equal((await upgradeStatus(noVersion.toString())).status, 400);
    const noModel = new URL(wsUrl(sim.url, { 'api-key': KEY }));
    noModel.searchParams.delete('model');
    const r = await upgradeStatus(noModel.toString());
    assert.equal(r.status, 400);
    assert.match(r.body, /model/);
  });
  test('another path is not the simulator → 404', async () => {
    assert.equal((await upgradeStatus(wsUrl(sim.url.replace('/voice-live/realtime', '/other'), { 'api-key': KEY }))).status, 404);
  });
});

describe('accepted credentials', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>]> = [
    ['api-key query', { 'api-key': KEY }, {}],
    ['api-key header', {}, { 'api-key': KEY }],
    ['authorization query (Bearer + space)', { authorization: `Bearer ${TOKEN}` }, {}],
    ['Authorization header', {}, { Authorization: `Bearer ${TOKEN}` }],
  ];
  for (const [name, query, headers] of cases) {
    test(name, async () => {
      const c = await SimClient.connect(wsUrl(sim.url, query), { headers });
      const first = await c.waitFor('session.created');
      assert.match((first.session as { id: string }).id, /^sess_/);
      await c.close();
    });
  }
  test('the SDK spelling authorization=Bearer+<token> works', async () => {
    const url = `${wsUrl(sim.url)}&authorization=Bearer+${encodeURIComponent(TOKEN)}`;
    const c = await SimClient.connect(url);
    await c.waitFor('session.created');
    await c.close();
  });
});

test('bearerTokens may be a predicate; with nothing configured anything is accepted', async () => {
  const fn = await startSimulator({ bearerTokens: (t) => t.startsWith('good-') });
  try {
    assert.equal((await upgradeStatus(wsUrl(fn.url, { authorization: 'Bearer good-123' }))).status, 101);
    assert.equal((await upgradeStatus(wsUrl(fn.url, { authorization: 'Bearer bad-123' }))).status, 401);
    assert.equal((await upgradeStatus(wsUrl(fn.url, { 'api-key': 'whatever' }))).status, 401);
  } finally {
    await fn.close();
  }
  const open = await startSimulator();
  try {
    assert.equal((await upgradeStatus(wsUrl(open.url))).status, 101);
    assert.equal((await upgradeStatus(wsUrl(open.url, { 'api-key': 'anything' }))).status, 101);
  } finally {
    await open.close();
  }
});

test('log lines never contain the key or token', async () => {
  const c = await SimClient.connect(wsUrl(sim.url, { 'api-key': KEY }));
  await c.waitFor('session.created');
  await c.close();
  await upgradeStatus(wsUrl(sim.url, { authorization: `Bearer ${TOKEN}-wrong` }));
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(logs.length >= 3, `got ${logs.length} log lines`);
  assert.ok(logs.some((l) => l.includes('api-key=***')), 'the redacted key parameter is shown');
  for (const l of logs) {
    assert.ok(!l.includes(KEY) && !l.includes(TOKEN) && !l.includes('payload.signature'), `secret in log line: ${l}`);
  }
});
