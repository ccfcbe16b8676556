/**
 * Assistant audio: every output format decodes to speech of the right length; word timestamps and visemes
 * arrive in order and line up with the audio that was actually sent (voice-live-protocol.md §4.5, §9).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDeltas, levelSpread, rmsDb, silentFraction, windowDb } from './helpers/audio.js';
import { startSimulator, textTurn, updateSession } from './helpers/sim-client.js';
import type { AnyEvent, TestSimulator } from './helpers/sim-client.js';
import type { OutputAudioFormat } from '../../src/audio/codecs/formats.js';
import { createFallbackSynthesizer } from '../../src/server/simulator/fallback-voice.js';

let sim: TestSimulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

const AZURE_VOICE = { type: 'azure-standard', name: 'en-US-AvaNeural' };
const SENTENCE = 'Say "The east wing opened in nineteen oh two. It houses maps, clocks and a tiny steam engine."';

const FORMATS: Array<{ format: OutputAudioFormat; rate: number }> = [
  { format: 'pcm16', rate: 24000 },
  { format: 'pcm16_16000hz', rate: 16000 },
  { format: 'pcm16_8000hz', rate: 8000 },
  { format: 'g711_ulaw', rate: 8000 },
  { format: 'g711_alaw', rate: 8000 },
];

describe('every output format streams decodable, speech-like audio', () => {
  const durations: number[] = [];
  for (const { format, rate } of FORMATS) {
    test(format, async () => {
      const c = await sim.connect();
      await updateSession(c, { output_audio_format: format, voice: AZURE_VOICE, output_audio_timestamp_types: ['word'] });
      const since = c.mark();
      c.send({ type: 'response.create', response: { instructions: SENTENCE } });
      await c.waitFor('response.done', { since, timeoutMs: 15000 });
      const events = c.events.slice(since);
      const { samples, chunkMs } = decodeDeltas(events, format);
      const ms = (samples.length / rate) * 1000;
      durations.push(ms);
      // Chunks of 50–100 ms (the last one may be shorter).
      for (const d of chunkMs.slice(0, -1)) assert.ok(d >= 50 && d <= 100, `chunk of ${d} ms`);
      assert.ok(ms > 3000 && ms < 9000, `duration ${ms} ms`);
      // Speech-like: loud enough, pauses but mostly sound, and a fluctuating level (syllables).
      assert.ok(rmsDb(samples) > -35, `level ${rmsDb(samples)} dBFS`);
      const silent = silentFraction(samples, rate);
      assert.ok(silent > 0.03 && silent < 0.6, `silent fraction ${silent}`);
      assert.ok(levelSpread(samples, rate) > 3, 'level varies like syllables');
      // The last word ends inside the audio that was sent.
      const words = events.filter((e) => e.type === 'response.audio_timestamp.delta');
      const last = words[words.length - 1];
      assert.ok((last.audio_offset_ms as number) + (last.audio_duration_ms as number) <= ms + 1, '(last.audio_offset_ms as number) + (last.audio_duration_ms as number) <= ms + 1');
      assert.ok((last.audio_offset_ms as number) + (last.audio_duration_ms as number) >= ms - 600, '(last.audio_offset_ms as number) + (last.audio_duration_ms as number) >= ms - 600');
      await c.close();
    });
  }
  test('all formats carry the same utterance length', () => {
    assert.equal(durations.length, FORMATS.length);
    const spread = Math.max(...durations) - Math.min(...durations);
    assert.ok(spread <= 15, `durations differ by ${spread} ms: ${durations.join(', ')}`);
  });
});

async function azureResponse(extra: Record<string, unknown> = {}, voice: unknown = AZURE_VOICE) {
  const c = await sim.connect();
  await updateSession(c, { voice, animation: { outputs: ['viseme_id'] }, output_audio_timestamp_types: ['word'], ...extra });
  const since = c.mark();
  c.send({ type: 'response.create', response: { instructions: SENTENCE } });
  const done = await c.waitFor('response.done', { since, timeoutMs: 15000 });
  const events = c.events.slice(since);
  await c.close();
  return { events, done };
}

test('word timestamps: one per word, in order, text matching the transcript, onsets on the audio', async () => {
  const { events } = await azureResponse();
  const { samples, rate } = decodeDeltas(events, 'pcm16');
  const audioMs = (samples.length / rate) * 1000;
  const words = events.filter((e) => e.type === 'response.audio_timestamp.delta');
  const transcript = (events.find((e) => e.type === 'response.audio_transcript.done') as AnyEvent).transcript as string;
  assert.equal(transcript, 'The east wing opened in nineteen oh two. It houses maps, clocks and a tiny steam engine.');
  assert.deepEqual(
    words.map((w) => w.text).join(' ').split(/\s+/),
    transcript.replace(/[.,]/g, '').split(/\s+/),
  );
  let prevEnd = 0;
  for (const w of words) {
    assert.equal(w.timestamp_type, 'word');
    const start = w.audio_offset_ms as number;
    const dur = w.audio_duration_ms as number;
    assert.ok(Number.isInteger(start) && Number.isInteger(dur) && dur > 0, 'Number.isInteger(start) && Number.isInteger(dur) && dur > 0');
    assert.ok(start >= prevEnd - 1, `word "${String(w.text)}" starts at ${start} before the previous ended at ${prevEnd}`);
    assert.ok(start + dur <= audioMs + 1, 'start + dur <= audioMs + 1');
    // Each word has sound in it.
    assert.ok(windowDb(samples, rate, start, start + dur) > -40, `word "${String(w.text)}" is silent`);
    prevEnd = start + dur;
  }
  // After a pause, a word's offset is where the sound starts again (energy onset within 40 ms).
  const afterPause = words.filter((w, i) => i > 0 && (w.audio_offset_ms as number) - ((words[i - 1].audio_offset_ms as number) + (words[i - 1].audio_duration_ms as number)) >= 100);
  assert.ok(afterPause.length >= 1, 'the sentence break gives at least one pause');
  for (const w of afterPause) {
    const at = w.audio_offset_ms as number;
    assert.ok(windowDb(samples, rate, at - 90, at - 40) < -45, `quiet before "${String(w.text)}"`);
    let onset = at - 40;
    while (onset < at + 200 && windowDb(samples, rate, onset, onset + 10) < -40) onset += 5;
    assert.ok(Math.abs(onset - at) <= 40, `"${String(w.text)}" offset ${at} vs energy onset ${onset}`);
  }
  // Timestamps interleave with the audio: each is sent no later than the first delta that plays past it.
  let sentMs = 0;
  for (const e of events) {
    if (e.type === 'response.audio.delta') sentMs += Buffer.from(e.delta as string, 'base64').length / 48;
    if (e.type === 'response.audio_timestamp.delta') assert.ok((e.audio_offset_ms as number) < sentMs + 1, '(e.audio_offset_ms as number) < sentMs + 1');
  }
  assert.equal(events.filter((e) => e.type === 'response.audio_timestamp.done').length, 1);
});

test('visemes: Azure ids 0–21 in time order, silence (0) where the audio is silent, mouth shapes where it is not', async () => {
  const { events } = await azureResponse();
  const { samples, rate } = decodeDeltas(events, 'pcm16');
  const audioMs = (samples.length / rate) * 1000;
  const visemes = events.filter((e) => e.type === 'response.animation_viseme.delta');
  assert.ok(visemes.length > 30, 'visemes.length > 30');
  assert.equal(visemes[0].audio_offset_ms, 0);
  assert.equal(visemes[visemes.length - 1].viseme_id, 0, 'the mouth closes at the end');
  let prev = -1;
  for (const v of visemes) {
    const id = v.viseme_id as number;
    const at = v.audio_offset_ms as number;
    assert.ok(Number.isInteger(id) && id >= 0 && id <= 21, 'Number.isInteger(id) && id >= 0 && id <= 21');
    assert.ok(at > prev || (prev === -1 && at === 0), `viseme offsets strictly increase (${at} after ${prev})`);
    assert.ok(at <= audioMs, 'at <= audioMs');
    prev = at;
  }
  // Where a silence cue (0) holds for a while, the audio is silent; where a vowel shape holds, it is not.
  let silentChecked = 0;
  let voicedLoud = 0;
  let voiced = 0;
  visemes.forEach((v, i) => {
    const from = v.audio_offset_ms as number;
    const to = i + 1 < visemes.length ? (visemes[i + 1].audio_offset_ms as number) : audioMs;
    if (to - from < 60) return;
    const db = windowDb(samples, rate, from + 20, to - 20);
    if (v.viseme_id === 0) {
      silentChecked++;
      assert.ok(db < -45, `viseme 0 over ${from}–${to} ms but the audio is at ${db.toFixed(1)} dBFS`);
    } else if ((v.viseme_id as number) <= 11) {
      voiced++;
      if (db > -35) voicedLoud++;
    }
  });
  assert.ok(silentChecked >= 2, 'leading and sentence-break silences are checked');
  assert.ok(voiced >= 5 && voicedLoud / voiced > 0.9, `${voicedLoud}/${voiced} vowel shapes are loud`);
  // The last silence cue sits at the end of the speech: sound before it, (almost) none after it.
  const last = visemes[visemes.length - 1].audio_offset_ms as number;
  const tail = windowDb(samples, rate, last + 10, audioMs);
  const before = windowDb(samples, rate, last - 80, last - 10);
  assert.ok(tail < -38 && before > tail + 10, `final silence cue at ${last} ms: ${before.toFixed(1)} dB before, ${tail.toFixed(1)} dB after`);
  // Per-item stream order: viseme.done after audio.done and before content_part.done.
  const types = events.map((e) => e.type);
  const idx = (t: string) => types.indexOf(t);
  assert.ok(idx('response.audio.done') < idx('response.animation_viseme.done'), 'idx(\'response.audio.done\') < idx(\'response.animation_viseme.done\')');
  assert.ok(idx('response.animation_viseme.done') < idx('response.content_part.done'), 'idx(\'response.animation_viseme.done\') < idx(\'response.content_part.done\')');
  assert.ok(idx('response.audio_timestamp.done') < idx('response.animation_viseme.done'), 'idx(\'response.audio_timestamp.done\') < idx(\'response.animation_viseme.done\')');
});

test('OpenAI voices send no visemes or word timestamps, even when asked; HD voices send no visemes', async () => {
  const openai = await azureResponse({}, 'alloy');
  assert.ok(openai.events.some((e) => e.type === 'response.audio.delta'), 'openai.events.some((e) => e.type === \'response.audio.delta\')');
  assert.equal(openai.events.filter((e) => /viseme|timestamp/.test(e.type)).length, 0);
  const hd = await azureResponse({}, { type: 'azure-standard', name: 'en-US-Ava:DragonHDLatestNeural' });
  assert.equal(hd.events.filter((e) => e.type.includes('viseme')).length, 0);
  assert.ok(hd.events.filter((e) => e.type === 'response.audio_timestamp.delta').length > 5, 'hd.events.filter((e) => e.type === \'response.audio_timestamp.delta\').length > 5');
  // Azure voice without the session asking: nothing extra either.
  const c = await sim.connect();
  await updateSession(c, { voice: AZURE_VOICE });
  const { since } = await textTurn(c, 'hello');
  assert.equal(c.events.slice(since).filter((e) => /viseme|timestamp/.test(e.type)).length, 0);
  await c.close();
});

test('different voices sound different', async () => {
  const pitchOf = async (voice: unknown) => {
    const { events } = await azureResponse({}, voice);
    const { samples, rate } = decodeDeltas(events, 'pcm16');
    // Zero-crossing rate of the loud part: a rough proxy for pitch and timbre.
    let crossings = 0;
    let loud = 0;
    const frame = rate / 50;
    for (let i = 0; i + frame <= samples.length; i += frame) {
      if (rmsDb(samples, i, i + frame) < -30) continue;
      loud += frame;
      for (let k = i + 1; k < i + frame; k++) if (samples[k - 1] < 0 !== samples[k] < 0) crossings++;
    }
    return { zcr: crossings / loud, ms: (samples.length / rate) * 1000, bytes: events.filter((e) => e.type === 'response.audio.delta').map((e) => e.delta).join('') };
  };
  const ava = await pitchOf(AZURE_VOICE);
  const andrew = await pitchOf({ type: 'azure-standard', name: 'en-US-AndrewNeural' });
  const fast = await pitchOf({ ...AZURE_VOICE, rate: '+40%' });
  assert.notEqual(ava.bytes, andrew.bytes);
  assert.ok(Math.abs(ava.zcr - andrew.zcr) / ava.zcr > 0.05, `zcr ${ava.zcr} vs ${andrew.zcr}`);
  assert.ok(fast.ms < ava.ms * 0.85, `a +40% rate is faster: ${fast.ms} vs ${ava.ms}`);
});

test('the built-in fallback voice works end to end (no eSpeak): speech, words and visemes', async () => {
  const own = await startSimulator({ synthesizer: createFallbackSynthesizer() });
  try {
    const c = await own.connect();
    await updateSession(c, { voice: AZURE_VOICE, animation: { outputs: ['viseme_id'] }, output_audio_timestamp_types: ['word'], output_audio_format: 'pcm16_16000hz' });
    const since = c.mark();
    c.send({ type: 'response.create', response: { instructions: 'Say "Hello from the built in voice, friend."' } });
    await c.waitFor('response.done', { since, timeoutMs: 15000 });
    const events = c.events.slice(since);
    const { samples, rate } = decodeDeltas(events, 'pcm16_16000hz');
    assert.ok(rmsDb(samples) > -35 && levelSpread(samples, rate) > 3, 'rmsDb(samples) > -35 && levelSpread(samples, rate) > 3');
    const words = events.filter((e) => e.type === 'response.audio_timestamp.delta').map((e) => e.text);
    assert.deepEqual(words, ['Hello', 'from', 'the', 'built', 'in', 'voice', 'friend']);
    const ids = new Set(events.filter((e) => e.type === 'response.animation_viseme.delta').map((e) => e.viseme_id));
    assert.ok(ids.size >= 6 && ids.has(0), 'ids.size >= 6 && ids.has(0)');
    await c.close();
  } finally {
    await own.close();
  }
});
