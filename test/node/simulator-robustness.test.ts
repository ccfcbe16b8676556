/**
 * Malformed client frames never crash or close a session; binary frames are JSON too; one slow client does not
 * hold up others; close() leaves nothing running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimClient, startSimulator, textTurn, updateSession, wsUrl } from './helpers/sim-client.js';
import { createSimulator } from '../../src/server/simulator.js';

test('malformed client frames get error events and the session carries on', async () => {
  const sim = await startSimulator();
  try {
    const c = await sim.connect();
    const sent: Array<string | Buffer> = [
      'not json at all',
      '[1, 2, 3]',
      '"a string"',
      '{"event_id": "no-type"}',
      '{"type": 42, "event_id": "num-type"}',
      '{"type": "no.such.event", "event_id": "unknown"}',
      '{"type": "input_audio_buffer.append", "event_id": "no-audio"}',
      '{"type": "input_audio_buffer.append", "event_id": "bad-b64", "audio": "@@@@"}',
      '{"type": "conversation.item.truncate", "event_id": "trunc-types", "item_id": 5, "content_index": 0, "audio_end_ms": 1}',
      '{"type": "response.create", "event_id": "bad-response", "response": "now"}',
      '{"type": "session.update", "event_id": "no-session"}',
      '{"type": "__proto__", "event_id": "proto"}',
      '{"type": "session.avatar.connect", "event_id": "avatar", "client_sdp": "x"}',
      Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
    ];
    const since = c.mark();
    for (const f of sent) c.ws.send(f);
    await c.waitFor((e) => e.type === 'error' && (e.error as { event_id: string }).event_id === 'avatar', { since });
    await c.quiet(100);
    const errors = c.events.slice(since).filter((e) => e.type === 'error').map((e) => e.error as { code: string; event_id: string | null; param: string | null });
    assert.equal(errors.length, sent.length, JSON.stringify(errors));
    const byId = Object.fromEntries(errors.filter((e) => e.event_id).map((e) => [e.event_id, e]));
    assert.equal(errors[0].code, 'invalid_json');
    assert.equal(byId['no-type'].param, 'type');
    assert.equal(byId['num-type'].param, 'type');
    assert.equal(byId.unknown.param, 'type');
    assert.equal(byId['no-audio'].code, 'missing_required_parameter');
    assert.equal(byId['bad-b64'].param, 'audio');
    assert.equal(byId['trunc-types'].param, 'item_id');
    assert.equal(byId['bad-response'].param, 'response');
    assert.equal(byId['no-session'].param, 'session');
    assert.equal(byId.proto.param, 'type');
    assert.equal(byId.avatar.code, 'avatar_not_supported');
    assert.equal(errors[errors.length - 1].code, 'invalid_json');
    const { done } = await textTurn(c, 'Are you still there?');
    assert.equal((done.response as { status: string }).status, 'completed');
    await c.close();
  } finally {
    await sim.close();
  }
});

test('binary frames are decoded as UTF-8 JSON', async () => {
  const sim = await startSimulator();
  try {
    const c = await sim.connect();
    const since = c.mark();
    c.ws.send(Buffer.from(JSON.stringify({ type: 'session.update', event_id: 'bin', session: { instructions: 'héllo ✓' } }), 'utf8'), { binary: true });
    const updated = await c.waitFor('session.updated', { since });
    assert.equal((updated.session as { instructions: string }).instructions, 'héllo ✓');
    await c.close();
  } finally {
    await sim.close();
  }
});

test('a client that stops reading does not slow down another one', async () => {
  const sim = await startSimulator({ realtimeFactor: 1000 });
  try {
    const slow = await sim.connect();
    const fast = await sim.connect();
    // The slow client's socket stops reading: the server's send buffer fills and its streaming pauses.
    const slowSince = slow.mark();
    slow.send({ type: 'response.create', response: { instructions: `Say "${'This is a long sentence for a client that does not read. '.repeat(4)}"` } });
    await slow.waitFor('response.created', { since: slowSince });
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const t0 = Date.now();
    await updateSession(fast, { instructions: 'fast' });
    const { done } = await textTurn(fast, 'Quick answer please');
    assert.equal((done.response as { status: string }).status, 'completed');
    assert.ok(Date.now() - t0 < 5000, 'the other client is served promptly');
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow.waitFor('response.done', { since: slowSince, timeoutMs: 20000 });
    assert.equal(sim.sim.connectionCount, 2);
    await Promise.all([slow.close(), fast.close()]);
  } finally {
    await sim.close();
  }
});

test('close() closes every socket and leaves no timers or handles behind', async () => {
  const baseline = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const sim = createSimulator({ realtimeFactor: 1 });
  const { url } = await sim.listen(0);
  const clients = await Promise.all([0, 1, 2].map(() => SimClient.connect(wsUrl(url, { 'sim-close-after-ms': 60000, 'sim-delay-ms': 100 }))));
  await Promise.all(clients.map((c) => c.waitFor('session.created')));
  // One streaming response, one waiting in sim-delay-ms.
  clients[0].send({ type: 'response.create' });
  await clients[0].waitFor('response.audio.delta', { timeoutMs: 5000 });
  clients[1].send({ type: 'response.create' });
  assert.equal(sim.connectionCount, 3);
  await sim.close();
  const closes = await Promise.all(clients.map((c) => c.closed));
  assert.deepEqual(closes.map((c) => c.code), [1001, 1001, 1001]);
  assert.equal(sim.connectionCount, 0);
  await new Promise((r) => setImmediate(r));
  const left = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  assert.ok(left <= baseline, `timers left: ${left} (baseline ${baseline})`);
  // After close, upgrades are refused.
  await assert.rejects(SimClient.connect(wsUrl(url)));
});

test('several simulators share one HTTP server by path; handleUpgrade returns false for other paths', async () => {
  const { createServer } = await import('node:http');
  const server = createServer();
  const a = createSimulator({ path: '/a/realtime' });
  const b = createSimulator({ path: '/b/realtime' });
  server.on('upgrade', (req, socket, head) => {
    if (a.handleUpgrade(req, socket, head) || b.handleUpgrade(req, socket, head)) return;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const ca = await SimClient.connect(wsUrl(`ws://127.0.0.1:${port}/a/realtime`));
    const cb = await SimClient.connect(wsUrl(`ws://127.0.0.1:${port}/b/realtime`));
    await Promise.all([ca.waitFor('session.created'), cb.waitFor('session.created')]);
    assert.equal(a.connectionCount, 1);
    assert.equal(b.connectionCount, 1);
    await assert.rejects(SimClient.connect(wsUrl(`ws://127.0.0.1:${port}/c/realtime`)));
    await Promise.all([ca.close(), cb.close()]);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await new Promise((r) => server.close(r));
  }
});
