import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { createSimulator } from '../../src/server/simulator.js';

/** Opens a socket and resolves with it and its first message (listening before the server can speak). */
const open = (url: string) =>
  new Promise<{ ws: WebSocket; first: Promise<string> }>((resolve, reject) => {
    const ws = new WebSocket(url);
    const first = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.once('open', () => resolve({ ws, first }));
    ws.once('error', reject);
  });

test('several simulators and a foreign WebSocket endpoint share one HTTP server', async () => {
  const server = createServer();
  // The application's (or test runner's) own WebSocket endpoint on the same server.
  const foreign = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/app-socket') foreign.handleUpgrade(req, socket, head, (ws) => ws.send('hello from the app'));
  });
  const a = createSimulator({ path: '/a/voice-live/realtime' });
  const b = createSimulator({ path: '/b/voice-live/realtime' });
  a.attach(server);
  b.attach(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const q = '?api-version=2026-07-15&model=gpt-realtime';
  const wa = await open(`${base}/a/voice-live/realtime${q}`);
  const wb = await open(`${base}/b/voice-live/realtime${q}`);
  const app = await open(`${base}/app-socket`);
  assert.equal(JSON.parse(await wa.first).type, 'session.created', 'simulator a answers');
  assert.equal(JSON.parse(await wb.first).type, 'session.created', 'simulator b answers');
  assert.equal(await app.first, 'hello from the app', 'the foreign endpoint answers');
  for (const c of [wa, wb, app]) c.ws.close();
  await a.close();
  await b.close();
  foreign.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

test('alone on a server, a simulator refuses paths that are not its own', async () => {
  const server = createServer();
  const sim = createSimulator();
  sim.attach(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await assert.rejects(open(`${base}/elsewhere`), /404/);
  await sim.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
