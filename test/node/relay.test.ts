/**
 * The relay: credentials stay on the server, frames pass through untouched, closes propagate, upstream
 * failures reach the browser as clean closes without secrets.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { createRelay, upstreamUrl } from '../../src/server/relay.js';
import type { Relay, RelayOptions } from '../../src/server/relay.js';
import { SimClient, startSimulator, textTurn, wsUrl } from './helpers/sim-client.js';
import type { TestSimulator } from './helpers/sim-client.js';

const KEY = 'relay-upstream-key-abcdef';

/** An upstream that records each upgrade request and echoes frames back with the same type. */
interface Inspector {
  url: string;
  requests: IncomingMessage[];
  sockets: WebSocket[];
  received: Array<{ data: Buffer; binary: boolean }>;
  closes: Array<{ code: number; reason: string }>;
  close(): Promise<void>;
}

async function startInspector(): Promise<Inspector> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const ins: Inspector = { url: '', requests: [], sockets: [], received: [], closes: [], close: async () => undefined };
  wss.on('connection', (ws, req) => {
    ins.requests.push(req);
    ins.sockets.push(ws);
    ws.on('message', (data, binary) => {
      const buf = Buffer.from(data as Buffer);
      ins.received.push({ data: buf, binary });
      if (!binary && buf.toString() === 'please close') ws.close(4003, 'bye from upstream');
      else ws.send(buf, { binary });
    });
    ws.on('close', (code, reason) => ins.closes.push({ code, reason: reason.toString() }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ins.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/voice-live/realtime`;
  ins.close = async () => {
    for (const s of ins.sockets) s.terminate();
    await new Promise((r) => wss.close(r));
    await new Promise((r) => server.close(r));
  };
  return ins;
}

async function startRelay(options: RelayOptions): Promise<{ relay: Relay; url: string; server: Server; close(): Promise<void> }> {
  const relay = createRelay(options);
  const server = createServer();
  relay.attach(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${options.path ?? '/voice-live/realtime'}`;
  return {
    relay,
    url,
    server,
    async close() {
      await relay.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

let sim: TestSimulator;
let inspector: Inspector;
before(async () => {
  sim = await startSimulator({ apiKey: KEY });
  inspector = await startInspector();
});
after(async () => {
  await sim.close();
  await inspector.close();
});

test('upstreamUrl: https endpoints get the Voice Live path, ws URLs are kept, credentials are stripped', () => {
  const q = new URLSearchParams('model=gpt-realtime&api-key=BROWSER&Authorization=Bearer%20x&client-request-id=1');
  const u = upstreamUrl('https://res.services.ai.azure.com/anything?debug=on', q);
  assert.equal(u.origin + u.pathname, 'wss://res.services.ai.azure.com/voice-live/realtime');
  assert.deepEqual(Object.fromEntries(u.searchParams), { debug: 'on', model: 'gpt-realtime', 'client-request-id': '1', 'api-version': '2026-07-15' });
  const w = upstreamUrl('ws://127.0.0.1:9/custom/path?model=pinned', new URLSearchParams('model=other&api-version=2026-04-10'));
  assert.equal(w.pathname, '/custom/path');
  assert.equal(w.searchParams.get('model'), 'pinned', 'endpoint parameters win');
  assert.equal(w.searchParams.get('api-version'), '2026-04-10');
  assert.throws(() => upstreamUrl('ftp://x', new URLSearchParams()), /http\(s\) or ws\(s\)/);
});

test('frames pass through untouched both ways (text stays text, binary stays binary, order kept); auth added; browser credentials dropped', async () => {
  const r = await startRelay({ endpoint: inspector.url, apiKey: KEY });
  try {
    const before = inspector.received.length;
    const c = await SimClient.connect(wsUrl(r.url, { 'api-key': 'BROWSER-KEY', authorization: 'Bearer BROWSER-TOKEN', foo: 'bar' }));
    // Sent right away: the relay queues them until the upstream is open.
    const frames: Array<[string | Buffer, boolean]> = [
      ['{"type":"session.update","session":{}}', false],
      [Buffer.from([0, 1, 2, 250, 255]), true],
      ['plain text, not JSON', false],
      [Buffer.from('{"type":"binary.json"}'), true],
    ];
    const echoes: Array<{ data: Buffer; binary: boolean }> = [];
    c.ws.on('message', (data, binary) => echoes.push({ data: Buffer.from(data as Buffer), binary }));
    for (const [data, binary] of frames) c.ws.send(data, { binary });
    for (let i = 0; i < 100 && echoes.length < frames.length; i++) await new Promise((res) => setTimeout(res, 20));
    const got = inspector.received.slice(before);
    assert.deepEqual(got.map((g) => [g.data.toString('hex'), g.binary]), frames.map(([d, b]) => [Buffer.from(d).toString('hex'), b]));
    assert.deepEqual(echoes.map((g) => [g.data.toString('hex'), g.binary]), frames.map(([d, b]) => [Buffer.from(d).toString('hex'), b]));
    const req = inspector.requests[inspector.requests.length - 1];
    const url = new URL(req.url ?? '', 'ws://x');
    assert.equal(req.headers['api-key'], KEY);
    assert.equal(req.headers.authorization, undefined);
    assert.equal(url.searchParams.get('api-key'), null);
    assert.equal(url.searchParams.get('authorization'), null);
    assert.equal(url.searchParams.get('foo'), 'bar');
    assert.equal(url.searchParams.get('model'), 'gpt-realtime');
    assert.equal(url.searchParams.get('api-version'), '2026-07-15');
    // Upstream close code and reason reach the browser.
    c.ws.send('please close');
    const closed = await c.closed;
    assert.deepEqual(closed, { code: 4003, reason: 'bye from upstream' });
  } finally {
    await r.close();
  }
});

test('a browser close reaches the upstream with its code', async () => {
  const r = await startRelay({ endpoint: inspector.url, apiKey: KEY });
  try {
    const c = await SimClient.connect(wsUrl(r.url));
    const echoed = new Promise((res) => c.ws.once('message', res));
    c.ws.send('ping');
    await echoed;
    const n = inspector.closes.length;
    c.ws.close(4000, 'user left');
    await c.closed;
    for (let i = 0; i < 50 && inspector.closes.length === n; i++) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(inspector.closes[n], { code: 4000, reason: 'user left' });
    for (let i = 0; i < 50 && r.relay.connectionCount > 0; i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(r.relay.connectionCount, 0);
  } finally {
    await r.close();
  }
});

test('against the simulator: a full turn through the relay; the key never reaches the browser', async () => {
  const r = await startRelay({ endpoint: sim.url, apiKey: KEY });
  try {
    const c = await SimClient.connect(wsUrl(r.url));
    await c.waitFor('session.created');
    const { done } = await textTurn(c, 'Hello through the relay');
    assert.equal((done.response as { status: string }).status, 'completed');
    assert.ok(c.events.some((e) => e.type === 'response.audio.delta'), 'audio passes through');
    assert.ok(!JSON.stringify(c.events).includes(KEY), 'the key is not in anything the browser received');
    await c.close();
  } finally {
    await r.close();
  }
});

test('wrong upstream key: the browser gets a clean 1008 close whose reason holds no secret', async () => {
  const wrong = 'wrong-key-that-must-not-leak';
  const logs: string[] = [];
  const r = await startRelay({ endpoint: sim.url, apiKey: wrong, log: (l) => logs.push(l) });
  try {
    const c = await SimClient.connect(wsUrl(r.url));
    const closed = await c.closed;
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /401/);
    assert.ok(!closed.reason.includes(wrong), '!closed.reason.includes(wrong)');
    assert.equal(c.events.length, 0);
    assert.ok(logs.length > 0 && logs.every((l) => !l.includes(wrong)), logs.join('\n'));
  } finally {
    await r.close();
  }
});

test('unreachable upstream → 1011', async () => {
  const r = await startRelay({ endpoint: 'ws://127.0.0.1:1/voice-live/realtime', apiKey: KEY });
  try {
    const c = await SimClient.connect(wsUrl(r.url));
    const closed = await c.closed;
    assert.equal(closed.code, 1011);
  } finally {
    await r.close();
  }
});

test('Entra credential: a token per connection as Authorization: Bearer; a failing credential → 1011', async () => {
  const scopes: unknown[] = [];
  let n = 0;
  const r = await startRelay({
    endpoint: inspector.url,
    credential: {
      async getToken(scope) {
        scopes.push(scope);
        return { token: `token-${++n}`, expiresOnTimestamp: Date.now() + 3600_000 };
      },
    },
  });
  try {
    for (let i = 1; i <= 2; i++) {
      const c = await SimClient.connect(wsUrl(r.url));
      const echoed = new Promise((res) => c.ws.once('message', res));
      c.ws.send('x');
      await echoed;
      assert.equal(inspector.requests[inspector.requests.length - 1].headers.authorization, `Bearer token-${i}`);
      assert.equal(inspector.requests[inspector.requests.length - 1].headers['api-key'], undefined);
      await c.close();
    }
    assert.deepEqual(scopes, ['https://ai.azure.com/.default', 'https://ai.azure.com/.default']);
  } finally {
    await r.close();
  }
  const failing = await startRelay({ endpoint: inspector.url, credential: { getToken: () => Promise.reject(new Error('secret-detail')) } });
  try {
    const c = await SimClient.connect(wsUrl(failing.url));
    const closed = await c.closed;
    assert.equal(closed.code, 1011);
    assert.ok(!closed.reason.includes('secret-detail'), '!closed.reason.includes(\'secret-detail\')');
  } finally {
    await failing.close();
  }
  // The simulator accepts bearer tokens the relay obtains.
  const tokenSim = await startSimulator({ bearerTokens: ['entra-ok'] });
  const viaToken = await startRelay({ endpoint: tokenSim.url, credential: { getToken: async () => ({ token: 'entra-ok', expiresOnTimestamp: 0 }) } });
  try {
    const c = await SimClient.connect(wsUrl(viaToken.url));
    await c.waitFor('session.created');
    await c.close();
  } finally {
    await viaToken.close();
    await tokenSim.close();
  }
});

test('allowedOrigins: other origins get 403', async () => {
  const r = await startRelay({ endpoint: inspector.url, apiKey: KEY, allowedOrigins: ['http://good.example'] });
  const status = (origin?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(wsUrl(r.url).replace(/^ws/, 'http'), {
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...(origin ? { Origin: origin } : {}) },
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  try {
    assert.equal(await status('http://evil.example'), 403);
    assert.equal(await status(), 403);
    assert.equal(await status('http://good.example'), 101);
  } finally {
    await r.close();
  }
});
