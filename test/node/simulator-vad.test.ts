/**
 * Input audio and turn detection against a running simulator (voice-live-protocol.md §5.2, §5.3, §4.2):
 * real speech, appended in 20 ms chunks with silence before and after, in every input format and rate.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activeSpan, appendAudio, concat, scale, silence, speech } from './helpers/audio.js';
import { AUDIO_RESPONSE_ORDER, startSimulator, updateSession } from './helpers/sim-client.js';
import type { AnyEvent, TestSimulator } from './helpers/sim-client.js';
import type { SampleCodec } from '../../src/audio/codecs/formats.js';

let sim: TestSimulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

const LEAD_MS = 600;
const TAIL_MS = 1200;

/** Silence, speech, silence — and where the speech really is. */
async function turnAudio(rate: number, gainDb = 0): Promise<{ samples: Float32Array; speechStartMs: number; speechEndMs: number }> {
  const voice = scale(await speech(undefined, rate), gainDb);
  const span = activeSpan(voice, rate, -45 + gainDb);
  return {
    samples: concat(silence(LEAD_MS, rate), voice, silence(TAIL_MS, rate)),
    speechStartMs: LEAD_MS + span.startMs,
    speechEndMs: LEAD_MS + span.endMs,
  };
}

const DELTA_TYPES = /\.delta$/;

test('server VAD turn: the full §5.2 event order, ids and audio times', async () => {
  const c = await sim.connect();
  await updateSession(c, { input_audio_transcription: { model: 'whisper-1' } });
  const since = c.mark();
  const { samples, speechStartMs, speechEndMs } = await turnAudio(24000);
  appendAudio(c, samples, 24000);
  const done = await c.waitFor('response.done', { since, timeoutMs: 15000 });
  const events = c.events.slice(since);
  const types = events.map((e) => e.type).filter((t) => !DELTA_TYPES.test(t) && t !== 'conversation.item.input_audio_transcription.completed');
  assert.deepEqual(types, [
    'input_audio_buffer.speech_started',
    'input_audio_buffer.speech_stopped',
    'input_audio_buffer.committed',
    'conversation.item.created',
    ...AUDIO_RESPONSE_ORDER,
  ]);
  const started = events.find((e) => e.type === 'input_audio_buffer.speech_started') as AnyEvent;
  const stopped = events.find((e) => e.type === 'input_audio_buffer.speech_stopped') as AnyEvent;
  const committed = events.find((e) => e.type === 'input_audio_buffer.committed') as AnyEvent;
  const userCreated = events.find((e) => e.type === 'conversation.item.created') as AnyEvent;
  const userId = started.item_id as string;
  assert.match(userId, /^item_/);
  assert.equal(stopped.item_id, userId);
  assert.equal(committed.item_id, userId);
  assert.equal(committed.previous_item_id, null);
  // audio_start_ms includes the 400 ms default prefix padding; audio_end_ms the 500 ms of silence.
  assert.ok(Math.abs((started.audio_start_ms as number) - (speechStartMs - 400)) <= 40, `start ${String(started.audio_start_ms)} vs ${speechStartMs - 400}`);
  const endMs = stopped.audio_end_ms as number;
  assert.ok(endMs >= speechEndMs + 450 && endMs <= speechEndMs + 700, `end ${endMs} vs speech end ${speechEndMs}`);
  const userItem = userCreated.item as { id: string; role: string; type: string; status: string; content: Array<{ type: string; transcript: unknown }> };
  assert.equal(userItem.id, userId);
  assert.equal(userItem.role, 'user');
  assert.deepEqual(userItem.content, [{ type: 'input_audio', transcript: null }]);
  // The placeholder transcript says how long the speech was and that there is no recognition.
  const tr = events.find((e) => e.type === 'conversation.item.input_audio_transcription.completed') as AnyEvent;
  assert.equal(tr.item_id, userId);
  assert.match(tr.transcript as string, /^\(speech \d+\.\d s — the simulator has no speech recognition\)$/);
  const seconds = Number(/speech ([\d.]+) s/.exec(tr.transcript as string)?.[1]);
  assert.ok(Math.abs(seconds * 1000 - (endMs - (started.audio_start_ms as number))) <= 100, 'Math.abs(seconds * 1000 - (endMs - (started.audio_start_ms as number))) <= 100');
  // The assistant item follows the user item; the reply is one of the spoken-turn lines.
  const assistantCreated = events.filter((e) => e.type === 'conversation.item.created')[1];
  assert.equal(assistantCreated.previous_item_id, userId);
  const response = done.response as { status: string; output: Array<{ content: Array<{ transcript: string }> }> };
  assert.equal(response.status, 'completed');
  assert.match(response.output[0].content[0].transcript, /simulator/i);
  await c.close();
});

const FORMATS: Array<{ name: string; format: string; rate: number; codec: SampleCodec }> = [
  { name: 'pcm16 24 kHz', format: 'pcm16', rate: 24000, codec: 'pcm16' },
  { name: 'pcm16 16 kHz', format: 'pcm16', rate: 16000, codec: 'pcm16' },
  { name: 'pcm16 8 kHz', format: 'pcm16', rate: 8000, codec: 'pcm16' },
  { name: 'G.711 µ-law', format: 'g711_ulaw', rate: 8000, codec: 'ulaw' },
  { name: 'G.711 A-law', format: 'g711_alaw', rate: 8000, codec: 'alaw' },
];

describe('every input format and rate is decoded and drives VAD', () => {
  for (const f of FORMATS) {
    test(f.name, async () => {
      const c = await sim.connect();
      await updateSession(c, { input_audio_format: f.format, ...(f.format === 'pcm16' ? { input_audio_sampling_rate: f.rate } : {}), turn_detection: { type: 'server_vad', create_response: false } });
      // Two seconds of silence first: nothing may happen.
      const m = c.mark();
      appendAudio(c, silence(2000, f.rate), f.rate, f.codec);
      const quiet = await c.sync(m);
      assert.equal(quiet.filter((e) => e.type.startsWith('input_audio_buffer.')).length, 0, 'silence must not trigger VAD');
      const since = c.mark();
      const { samples, speechStartMs, speechEndMs } = await turnAudio(f.rate);
      appendAudio(c, samples, f.rate, f.codec);
      const started = await c.waitFor('input_audio_buffer.speech_started', { since });
      const stopped = await c.waitFor('input_audio_buffer.speech_stopped', { since });
      await c.waitFor('input_audio_buffer.committed', { since });
      // Times are on the session clock: 2000 ms of silence came first.
      assert.ok(Math.abs((started.audio_start_ms as number) - (2000 + speechStartMs - 400)) <= 40, `start ${String(started.audio_start_ms)}`);
      assert.ok(Math.abs((stopped.audio_end_ms as number) - (2000 + speechEndMs + 500)) <= 60, `end ${String(stopped.audio_end_ms)}`);
      // create_response:false → no response.
      const later = await c.sync();
      assert.equal(later.filter((e) => e.type === 'response.created').length, 0);
      await c.close();
    });
  }
});

test('threshold maps onto loudness: quiet speech passes a low threshold only', async () => {
  const c = await sim.connect();
  await updateSession(c, { turn_detection: { type: 'server_vad', threshold: 0.5, create_response: false } });
  const quiet = await turnAudio(24000, -30); // speech around -50 dBFS, under the 0.5 → -40 dBFS threshold
  const m = c.mark();
  appendAudio(c, quiet.samples, 24000);
  const none = await c.sync(m);
  assert.equal(none.filter((e) => e.type === 'input_audio_buffer.speech_started').length, 0);
  await updateSession(c, { turn_detection: { threshold: 0.1 } }); // → -56 dBFS
  const since = c.mark();
  appendAudio(c, quiet.samples, 24000);
  await c.waitFor('input_audio_buffer.speech_stopped', { since });
  await c.close();
});

test('speech_duration_ms: a short click is not a turn; prefix and silence settings are honoured', async () => {
  const c = await sim.connect();
  await updateSession(c, { turn_detection: { type: 'server_vad', speech_duration_ms: 300, prefix_padding_ms: 100, silence_duration_ms: 800, create_response: false } });
  const rate = 24000;
  const burst = new Float32Array(rate * 0.15).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate));
  const m = c.mark();
  appendAudio(c, concat(silence(300, rate), burst, silence(1500, rate)), rate);
  assert.equal((await c.sync(m)).filter((e) => e.type === 'input_audio_buffer.speech_started').length, 0);
  const since = c.mark();
  const { samples, speechStartMs, speechEndMs } = await turnAudio(rate);
  appendAudio(c, samples, rate);
  const started = await c.waitFor('input_audio_buffer.speech_started', { since });
  const stopped = await c.waitFor('input_audio_buffer.speech_stopped', { since });
  const offset = 300 + 150 + 1500;
  assert.ok(Math.abs((started.audio_start_ms as number) - (offset + speechStartMs - 100)) <= 40, 'Math.abs((started.audio_start_ms as number) - (offset + speechStartMs - 100)) <= 40');
  assert.ok(Math.abs((stopped.audio_end_ms as number) - (offset + speechEndMs + 800)) <= 60, 'Math.abs((stopped.audio_end_ms as number) - (offset + speechEndMs + 800)) <= 60');
  await c.close();
});

test('manual turns (turn_detection null): no VAD, commit, then response.create (§5.3)', async () => {
  const c = await sim.connect();
  await updateSession(c, { turn_detection: null });
  const err = await c.expectError({ type: 'input_audio_buffer.commit', event_id: 'empty-commit' });
  assert.equal(err.code, 'input_audio_buffer_commit_empty');
  const since = c.mark();
  const { samples } = await turnAudio(24000);
  appendAudio(c, samples, 24000);
  c.send({ type: 'input_audio_buffer.commit' });
  const committed = await c.waitFor('input_audio_buffer.committed', { since });
  await c.waitFor('conversation.item.created', { since });
  assert.equal((await c.sync(since)).filter((e) => e.type === 'response.created').length, 0, 'commit alone does not respond');
  const r = c.mark();
  c.send({ type: 'response.create' });
  await c.waitFor('response.done', { since: r, timeoutMs: 15000 });
  assert.deepEqual(
    c.typesSince(since, (t) => !DELTA_TYPES.test(t) && t !== 'output_audio_buffer.cleared'),
    [
      'input_audio_buffer.committed',
      'conversation.item.created',
      ...AUDIO_RESPONSE_ORDER,
    ],
  );
  // The committed item holds the appended audio (retrievable, same format).
  const got = c.mark();
  c.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
  const retrieved = await c.waitFor('conversation.item.retrieved', { since: got });
  const audio = ((retrieved.item as { content: Array<{ audio: string }> }).content[0].audio);
  assert.ok(Math.abs(Buffer.from(audio, 'base64').length - samples.length * 2) <= 4, 'Math.abs(Buffer.from(audio, \'base64\').length - samples.length * 2) <= 4');
  // clear → cleared, and the buffer is empty again.
  appendAudio(c, samples.subarray(0, 4800), 24000);
  const cl = c.mark();
  c.send({ type: 'input_audio_buffer.clear' });
  await c.waitFor('input_audio_buffer.cleared', { since: cl });
  const again = await c.expectError({ type: 'input_audio_buffer.commit', event_id: 'after-clear' });
  assert.equal(again.code, 'input_audio_buffer_commit_empty');
  await c.close();
});

test('stereo client echo reference: VAD listens to the microphone channel only', async () => {
  const c = await sim.connect();
  await updateSession(c, { input_audio_echo_cancellation: { type: 'server_echo_cancellation', reference_source: 'client', channels: 2 }, turn_detection: { type: 'server_vad', create_response: false } });
  const rate = 24000;
  const { samples: loud } = await turnAudio(rate);
  // Loud speech only on the reference channel: not the user talking.
  const interleave = (mic: Float32Array, ref: Float32Array) => {
    const out = new Float32Array(mic.length * 2);
    for (let i = 0; i < mic.length; i++) {
      out[2 * i] = mic[i];
      out[2 * i + 1] = ref[i];
    }
    return out;
  };
  const m = c.mark();
  appendAudio(c, interleave(new Float32Array(loud.length), loud), rate * 2);
  assert.equal((await c.sync(m)).filter((e) => e.type === 'input_audio_buffer.speech_started').length, 0);
  const since = c.mark();
  appendAudio(c, interleave(loud, new Float32Array(loud.length)), rate * 2);
  await c.waitFor('input_audio_buffer.speech_stopped', { since });
  await c.close();
});

test('retrieve returns the audio of recent turns only (memory stays bounded)', async () => {
  const c = await sim.connect();
  await updateSession(c, { turn_detection: null });
  const ids: string[] = [];
  for (let i = 0; i < 18; i++) {
    const since = c.mark();
    appendAudio(c, new Float32Array(2400).fill(0.01 * (i + 1)), 24000);
    c.send({ type: 'input_audio_buffer.commit' });
    ids.push((await c.waitFor('input_audio_buffer.committed', { since })).item_id as string);
  }
  const audioOf = async (id: string) => {
    const since = c.mark();
    c.send({ type: 'conversation.item.retrieve', item_id: id });
    const e = await c.waitFor('conversation.item.retrieved', { since });
    return (e.item as { content: Array<{ audio?: string }> }).content[0].audio;
  };
  assert.equal(await audioOf(ids[0]), undefined);
  assert.equal(await audioOf(ids[1]), undefined);
  assert.equal(Buffer.from((await audioOf(ids[2])) as string, 'base64').length, 4800);
  assert.equal(Buffer.from((await audioOf(ids[17])) as string, 'base64').length, 4800);
  await c.close();
});
