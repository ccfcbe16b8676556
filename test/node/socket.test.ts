import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { VoiceLiveSocket } from '../../src/protocol/socket.js';
import type { WebSocketLike } from '../../src/protocol/socket.js';
import type { ServerEvent } from '../../src/protocol/events.js';
import { backoffDelay, isRetryableClose } from '../../src/protocol/backoff.js';
import { SessionRecorder, redactEvent } from '../../src/protocol/recorder.js';
import { parseRecording } from '../../src/protocol/recording.js';
import { PlaybackClock } from '../../src/audio/playback-clock.js';

const factory = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

async function server(onConnection: (ws: WebSocket) => void) {
  const wss = new WebSocketServer({ port: 0 });
  wss.on('connection', onConnection);
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  return { url: `ws://127.0.0.1:${port}`, close: () => new Promise((r) => wss.close(r)), wss };
}

function handlers() {
  const h = { events: [] as ServerEvent[], malformed: [] as string[], closes: [] as number[], warnings: [] as string[] };
  return {
    h,
    handlers: {
      onEvent: (e: ServerEvent) => h.events.push(e),
      onMalformed: (reason: string) => h.malformed.push(reason),
      onClose: (code: number) => h.closes.push(code),
      onWarning: (_c: string, m: string) => h.warnings.push(m),
    },
  };
}

test('frames: JSON text and binary are events; anything else is counted as malformed, never thrown', async () => {
  const s = await server((ws) => {
    ws.send(JSON.stringify({ type: 'session.created', event_id: 'e1', session: { id: 'sess_1' } }));
    ws.send(Buffer.from(JSON.stringify({ type: 'binary.event', event_id: 'e2' })));
    ws.send('not json {');
    ws.send(JSON.stringify({ no: 'type' }));
    ws.send(JSON.stringify([1, 2]));
    ws.send(JSON.stringify({ type: 'simulator.custom_event', event_id: 'e3' }));
  });
  const { h, handlers: hs } = handlers();
  const sock = new VoiceLiveSocket(hs);
  await sock.connect(s.url, factory);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.events.map((e) => e.type), ['session.created', 'binary.event', 'simulator.custom_event']);
  assert.equal(sock.malformedCount, 3);
  sock.close();
  await s.close();
});

test('every sent event gets an event_id; a refused handshake rejects connect()', async () => {
  const received: Array<{ type: string; event_id?: string }> = [];
  const s = await server((ws) => ws.on('message', (d) => received.push(JSON.parse(String(d)))));
  const { handlers: hs } = handlers();
  const sock = new VoiceLiveSocket(hs);
  await sock.connect(s.url, factory);
  const id = sock.send({ type: 'response.create' });
  sock.send({ type: 'response.cancel', event_id: 'mine' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(received[0].event_id, id);
  assert.match(id, /^evt_/);
  assert.equal(received[1].event_id, 'mine');
  sock.close();
  await s.close();
  await assert.rejects(new VoiceLiveSocket(hs).connect('ws://127.0.0.1:1/nothing', factory));
});

test('unexpected close is reported once with its code; a deliberate close is not', async () => {
  const s = await server((ws) => setTimeout(() => ws.close(4001, 'bye'), 20));
  const { h, handlers: hs } = handlers();
  const sock = new VoiceLiveSocket(hs);
  await sock.connect(s.url, factory);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(h.closes, [4001]);
  const s2 = await server(() => undefined);
  const { h: h2, handlers: hs2 } = handlers();
  const sock2 = new VoiceLiveSocket(hs2);
  await sock2.connect(s2.url, factory);
  sock2.close();
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(h2.closes, []);
  await s.close();
  await s2.close();
});

test('back-pressure: a stalled peer makes us drop the oldest audio, keep order and never grow unbounded', async () => {
  const got: string[] = [];
  let peer: WebSocket | null = null;
  const s = await server((ws) => {
    peer = ws;
    // Stop reading: TCP buffers fill and the client's bufferedAmount grows.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    ws.on('message', (d) => {
      const e = JSON.parse(String(d));
      got.push(e.type === 'input_audio_buffer.append' ? `a${e.audio.length}` : e.type);
    });
  });
  const { h, handlers: hs } = handlers();
  const sock = new VoiceLiveSocket(hs, { highWaterBytes: 64 * 1024, maxQueuedAudioMs: 1000 });
  await sock.connect(s.url, factory);
  const frame = 'A'.repeat(64 * 1024); // large frames fill the kernel buffers quickly
  for (let i = 0; i < 200; i++) sock.appendAudio(frame, 20);
  sock.send({ type: 'input_audio_buffer.commit' });
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(sock.droppedAudioMs > 0, 'audio was dropped');
  assert.equal(h.warnings.length, 1, 'one warning per episode');
  // Resume the peer: everything still queued arrives, the commit last.
  (peer as unknown as { _socket: { resume(): void } })._socket.resume();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(got[got.length - 1], 'input_audio_buffer.commit');
  const appends = got.filter((g) => g.startsWith('a')).length;
  assert.ok(appends < 200 && appends > 0, `${appends} appends delivered`);
  sock.close();
  await s.close();
});

test('backoff grows exponentially with jitter and caps; fatal close codes are not retried', () => {
  assert.equal(backoffDelay(0, { random: () => 0 }), 250);
  assert.equal(backoffDelay(0, { random: () => 1 }), 500);
  assert.equal(backoffDelay(3, { random: () => 1 }), 4000);
  assert.equal(backoffDelay(20, { random: () => 1 }), 15000);
  assert.ok(isRetryableClose(1006) && isRetryableClose(1011) && isRetryableClose(1001));
  assert.ok(!isRetryableClose(1008) && !isRetryableClose(1003) && !isRetryableClose(1000));
});

test('recordings: JSONL with t non-decreasing, secrets removed', () => {
  let now = 100;
  const rec = new SessionRecorder(() => now, () => ['sk-secret-value', null]);
  rec.add('client', { type: 'session.update', session: { tools: [{ type: 'mcp', server_label: 'x', headers: { authorization: 'Bearer abc' } }] } });
  now = 150;
  rec.add('server', { type: 'error', event_id: 'e', error: { type: 'x', message: 'bad key sk-secret-value' } });
  const text = rec.toJSONL();
  assert.ok(!text.includes('sk-secret-value'));
  assert.ok(!text.includes('Bearer abc'));
  const parsed = parseRecording(text + 'garbage\n{"t":1}\n');
  assert.equal(parsed.lines.length, 2);
  assert.deepEqual(parsed.lines.map((l) => l.t), [0, 50]);
  assert.deepEqual(parsed.rejected.map((r) => r.line), [3, 4]);
  assert.deepEqual(redactEvent({ api_key: 'x', nested: { token: 'y', ok: 1 } }, []), { api_key: 'REDACTED', nested: { token: 'REDACTED', ok: 1 } });
});

test('playback clock maps the audible frame onto item samples through reports', () => {
  let audible = 0;
  const clock = new PlaybackClock({ sampleRate: 48000, audibleFrame: () => audible }, 0);
  clock.report({ itemId: 'a', sample: 0, sampleRate: 24000, frame: 48000, playing: true });
  clock.report({ itemId: 'a', sample: 24000, sampleRate: 24000, frame: 96000, playing: false });
  audible = 40000;
  assert.deepEqual(clock.now(0), { itemId: null, ms: 0, playing: false });
  audible = 72000; // half a second after the start
  assert.deepEqual(clock.now(0), { itemId: 'a', ms: 500, playing: true });
  audible = 100000; // after the underrun report: holds
  assert.deepEqual(clock.now(0), { itemId: 'a', ms: 1000, playing: false });
  clock.offsetMs = 250; // Bluetooth: the ear hears 250 ms later than the browser thinks
  audible = 72000;
  assert.equal(clock.now(0).ms, 250);
});
