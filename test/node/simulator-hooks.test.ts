/**
 * The simulator's test hooks (query parameters, off by default): drops, closes, malformed and unknown frames,
 * errors, delays, streaming speed and recording replay.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClient, startSimulator, textTurn, wsUrl } from './helpers/sim-client.js';
import type { TestSimulator } from './helpers/sim-client.js';

let sim: TestSimulator;
let dir: string;
let recordings: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-hooks-'));
  recordings = join(dir, 'recordings');
  await mkdir(join(recordings, 'nested'), { recursive: true });
  const lines = [
    { t: 0, dir: 'server', event: { type: 'session.created', event_id: 'r1', session: { id: 'sess_recorded', object: 'realtime.session' } } },
    { t: 10, dir: 'client', event: { type: 'session.update', session: {} } },
    { t: 150, dir: 'server', event: { type: 'response.created', event_id: 'r2', response: { id: 'resp_rec', status: 'in_progress', output: [] } } },
    { t: 400, dir: 'server', event: { type: 'response.done', event_id: 'r3', response: { id: 'resp_rec', status: 'completed', output: [] } } },
  ];
  await writeFile(join(recordings, 'turn.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
  await writeFile(join(recordings, 'nested', 'inner.jsonl'), `${JSON.stringify(lines[0])}\n`);
  await writeFile(join(dir, 'secret.jsonl'), `${JSON.stringify({ t: 0, dir: 'server', event: { type: 'secret.leaked' } })}\n`);
  await symlink(join(dir, 'secret.jsonl'), join(recordings, 'link.jsonl'));
  sim = await startSimulator({ recordingsDir: recordings });
});
after(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

test('no hooks: nothing unusual happens', async () => {
  const c = await sim.connect();
  assert.deepEqual(c.typesSince(0), ['session.created']);
  assert.equal((await c.sync()).length, 0);
  await c.close();
});

test('sim-drop-after-ms: the TCP socket is cut without a close frame (1006)', async () => {
  const c = await sim.connect({ 'sim-drop-after-ms': 100 });
  const t0 = Date.now();
  const closed = await c.closed;
  assert.equal(closed.code, 1006);
  assert.ok(Date.now() - t0 >= 80, 'not before the requested time');
});

test('sim-close-after-ms + sim-close-code: a clean close with that code', async () => {
  const c = await sim.connect({ 'sim-close-after-ms': 50, 'sim-close-code': 4001 });
  const closed = await c.closed;
  assert.equal(closed.code, 4001);
  assert.equal(closed.reason, 'sim-close-after-ms');
  const d = await sim.connect({ 'sim-close-after-ms': 20 });
  assert.equal((await d.closed).code, 1000);
});

test('sim-malformed: a non-JSON frame and a JSON frame without type, then business as usual', async () => {
  const c = await sim.connect({ 'sim-malformed': 1 });
  await c.waitFor('(untyped)');
  assert.deepEqual(c.typesSince(0), ['session.created', '(raw)', '(untyped)']);
  const { done } = await textTurn(c, 'still works?');
  assert.equal((done.response as { status: string }).status, 'completed');
  await c.close();
});

test('sim-unknown-event: an event of an unknown type', async () => {
  const c = await sim.connect({ 'sim-unknown-event': 1 });
  const e = await c.waitFor('simulator.custom_event');
  assert.match(e.event_id as string, /^event_/);
  await c.close();
});

test('sim-error: a non-fatal error event; the session stays open', async () => {
  const c = await sim.connect({ 'sim-error': 1 });
  const e = await c.waitFor('error');
  assert.deepEqual({ type: (e.error as { type: string }).type, code: (e.error as { code: string }).code }, { type: 'server_error', code: 'simulated_error' });
  const { done } = await textTurn(c, 'hello');
  assert.equal((done.response as { status: string }).status, 'completed');
  await c.close();
});

test('sim-delay-ms: each response starts that much later', async () => {
  const c = await sim.connect({ 'sim-delay-ms': 200 });
  for (let i = 0; i < 2; i++) {
    const since = c.mark();
    const t0 = Date.now();
    c.send({ type: 'response.create', response: { instructions: 'Say "Hi."' } });
    await c.waitFor('response.created', { since });
    const waited = Date.now() - t0;
    assert.ok(waited >= 190 && waited < 1500, `response ${i} started after ${waited} ms`);
    await c.waitFor('response.done', { since });
  }
  await c.close();
});

test('sim-realtime-factor: 1 streams in real time, 100 much faster', async () => {
  const timeOf = async (factor: number) => {
    const c = await sim.connect({ 'sim-realtime-factor': factor });
    const since = c.mark();
    c.send({ type: 'response.create', response: { instructions: 'Say "Hello there."' } });
    await c.waitFor('response.done', { since });
    const deltas = c.events.map((e, i) => ({ e, t: c.times[i] })).filter(({ e }, i) => i >= since && e.type === 'response.audio.delta');
    const audioMs = deltas.reduce((ms, { e }) => ms + Buffer.from(e.delta as string, 'base64').length / 48, 0);
    const wallMs = deltas[deltas.length - 1].t - deltas[0].t;
    await c.close();
    return { audioMs, wallMs };
  };
  const real = await timeOf(1);
  const fast = await timeOf(100);
  // The last delta goes out when the audio before it has played.
  const lastChunk = 80;
  assert.ok(real.wallMs >= real.audioMs - lastChunk - 60 && real.wallMs <= real.audioMs + 300, `real time: ${real.wallMs} ms for ${real.audioMs} ms`);
  assert.ok(fast.wallMs < real.audioMs / 10, `factor 100: ${fast.wallMs} ms`);
});

test('sim-replay: the recording’s server events at their times, client events skipped, client input ignored', async () => {
  const c = await SimClient.connect(wsUrl(sim.url, { 'sim-replay': 'turn.jsonl' }));
  const done = await c.waitFor('response.done');
  c.send({ type: 'response.create' });
  await c.quiet(150);
  assert.deepEqual(c.typesSince(0), ['session.created', 'response.created', 'response.done']);
  assert.equal((c.events[0].session as { id: string }).id, 'sess_recorded');
  assert.equal(done.event_id, 'r3');
  assert.ok(c.times[1] >= 130 && c.times[2] >= 380, `replayed at ${c.times.join(', ')} ms`);
  assert.ok(c.times[2] - c.times[1] >= 220, 'spacing kept');
  await c.close();
  const nested = await SimClient.connect(wsUrl(sim.url, { 'sim-replay': 'nested/inner.jsonl', 'sim-realtime-factor': 10 }));
  await nested.waitFor('session.created');
  await nested.close();
});

test('sim-replay rejects traversal, symlinks out of the directory and missing files', async () => {
  for (const [name, code] of [
    ['../secret.jsonl', 'invalid_replay_path'],
    ['nested/../../secret.jsonl', 'invalid_replay_path'],
    [join(dir, 'secret.jsonl'), 'invalid_replay_path'],
    ['link.jsonl', 'invalid_replay_path'],
    ['..%2fsecret.jsonl', 'replay_not_found'],
    ['missing.jsonl', 'replay_not_found'],
    ['turn.txt', 'invalid_replay_path'],
  ]) {
    const c = await SimClient.connect(wsUrl(sim.url, { 'sim-replay': name }));
    const closed = await c.closed;
    assert.equal(closed.code, 1008, name);
    assert.deepEqual(c.typesSince(0), ['error'], name);
    assert.equal((c.events[0].error as { code: string }).code, code, name);
    assert.ok(!JSON.stringify(c.events).includes('secret.leaked'), name);
  }
  const none = await startSimulator();
  try {
    const c = await SimClient.connect(wsUrl(none.url, { 'sim-replay': 'turn.jsonl' }));
    await c.closed;
    assert.equal((c.events[0].error as { code: string }).code, 'replay_unavailable');
  } finally {
    await none.close();
  }
});

test('invalid hook values are reported once and ignored', async () => {
  const c = await sim.connect({ 'sim-delay-ms': 'soon', 'sim-close-code': 1005 });
  const e = await c.waitFor('error');
  assert.equal((e.error as { code: string }).code, 'invalid_test_hook');
  assert.match((e.error as { message: string }).message, /sim-delay-ms/);
  assert.match((e.error as { message: string }).message, /sim-close-code/);
  const { done } = await textTurn(c, 'ok');
  assert.equal((done.response as { status: string }).status, 'completed');
  await c.close();
});
