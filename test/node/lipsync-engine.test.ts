import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LipSyncEngine } from '../../src/lipsync/engine.js';
import type { ServerEvent } from '../../src/protocol/events.js';
import { bytesToBase64 } from '../../src/audio/codecs/base64.js';
import { encodePcm16 } from '../../src/audio/codecs/pcm16.js';
import { encodeUlaw } from '../../src/audio/codecs/g711.js';
import { resampleBuffer } from '../../src/audio/codecs/resampler.js';
import { concat, dominant, mean, openness, play, pushChunks, silence, SR, vowel } from './lipsync-synth.js';

const AH: [number, number] = [730, 1100];
const EE: [number, number] = [280, 2250];
const OO: [number, number] = [320, 850];
/** A neutral vowel: the audio says "speech" without favouring a shape, so text sources decide. */
const NEUTRAL: [number, number] = [500, 1500];

const ev = (e: Record<string, unknown>): ServerEvent => ({ event_id: 'e', ...e }) as unknown as ServerEvent;
const ids = (item: string) => ({ response_id: 'r1', item_id: item, output_index: 0, content_index: 0 });

function word(engine: LipSyncEngine, item: string, text: string, start: number, dur: number): void {
  engine.handleServerEvent(ev({ type: 'response.audio_timestamp.delta', ...ids(item), text, audio_offset_ms: start, audio_duration_ms: dur, timestamp_type: 'word' }));
}

test('the mouth opens during speech and is closed in silences', () => {
  const engine = new LipSyncEngine();
  const audio = concat(silence(300), vowel(...AH, 500), silence(400), vowel(...AH, 500), silence(300));
  pushChunks(engine, 'a', audio);
  engine.handleServerEvent(ev({ type: 'response.audio.done', ...ids('a') }));
  const frames = play(engine, 'a', 0, 2000);
  const at = (from: number, to: number) => frames.filter((f) => f.t >= from && f.t < to).map(openness);
  assert.ok(mean(at(400, 750)) > 0.3, `open in the first vowel: ${mean(at(400, 750))}`);
  assert.ok(mean(at(1300, 1650)) > 0.3, 'open in the second vowel');
  assert.ok(Math.max(...at(0, 280)) < 0.02, 'closed before speech');
  assert.ok(Math.max(...at(950, 1180)) < 0.02, `closed in the pause: ${Math.max(...at(950, 1180))}`);
  assert.ok(Math.max(...at(1850, 2000)) < 0.02, 'closed after speech');
});

test('an "ah" and an "ee"/"oo" get different shapes, from the audio alone', () => {
  const shape = (f: [number, number]) => {
    const engine = new LipSyncEngine();
    pushChunks(engine, 'x', concat(silence(100), vowel(...f, 600), silence(100)));
    const frames = play(engine, 'x', 0, 800).filter((fr) => fr.t >= 250 && fr.t < 650);
    const counts = new Map<string, number>();
    for (const fr of frames) counts.set(dominant(fr), (counts.get(dominant(fr)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  };
  assert.equal(shape(AH), 'aa');
  assert.equal(shape(EE), 'ih');
  assert.equal(shape(OO), 'ou');
});

test('transcript text shapes the mouth: "ah" vs "see" vs "who" on the same audio', () => {
  const shape = (text: string) => {
    const engine = new LipSyncEngine();
    engine.handleServerEvent(ev({ type: 'response.output_item.added', response_id: 'r1', output_index: 0, item: { id: 'x', type: 'message', role: 'assistant' } }));
    engine.handleServerEvent(ev({ type: 'response.audio_transcript.delta', ...ids('x'), delta: `${text}.` }));
    pushChunks(engine, 'x', concat(silence(150), vowel(...NEUTRAL, 500), silence(250)));
    engine.handleServerEvent(ev({ type: 'response.audio.done', ...ids('x') }));
    engine.handleServerEvent(ev({ type: 'response.audio_transcript.done', ...ids('x'), transcript: `${text}.` }));
    const frames = play(engine, 'x', 0, 900).filter((fr) => fr.t >= 350 && fr.t < 600);
    return mean(frames.map((f) => (dominant(f) === 'aa' ? 1 : 0))) > 0.5 ? 'aa' : dominant(frames[Math.floor(frames.length / 2)]);
  };
  assert.equal(shape('Ah'), 'aa');
  assert.equal(shape('see'), 'ih');
  assert.equal(shape('who'), 'ou');
});

test('word timestamps move the shapes: the same audio with shifted timestamps shifts the peaks', () => {
  const peakOf = (shift: number) => {
    const engine = new LipSyncEngine();
    // Steady speech-like audio; only the timestamps say where "oh" and "see" are.
    pushChunks(engine, 'w', concat(silence(100), vowel(...NEUTRAL, 1500), silence(200)));
    word(engine, 'w', 'oh', 200 + shift, 300);
    word(engine, 'w', 'see', 800 + shift, 300);
    const frames = play(engine, 'w', 0, 1800);
    const firstIh = frames.find((f) => f.t > 500 && dominant(f) === 'ih');
    const firstOh = frames.find((f) => dominant(f) === 'oh');
    return { ih: firstIh?.t ?? -1, oh: firstOh?.t ?? -1 };
  };
  const a = peakOf(0);
  const b = peakOf(300);
  assert.ok(a.oh > 0 && b.oh > 0 && a.ih > 0 && b.ih > 0, JSON.stringify({ a, b }));
  assert.ok(Math.abs(b.oh - a.oh - 300) <= 40, `oh moved by ${b.oh - a.oh}`);
  assert.ok(Math.abs(b.ih - a.ih - 300) <= 40, `ih moved by ${b.ih - a.ih}`);
});

test('server visemes override the text shape', () => {
  const run = (withVisemes: boolean) => {
    const engine = new LipSyncEngine();
    pushChunks(engine, 'v', concat(silence(100), vowel(...NEUTRAL, 600), silence(200)));
    engine.handleServerEvent(ev({ type: 'response.audio_transcript.delta', ...ids('v'), delta: 'see ' }));
    word(engine, 'v', 'see', 100, 600);
    if (withVisemes) {
      for (const [off, id] of [[0, 0], [100, 2], [700, 0]]) {
        engine.handleServerEvent(ev({ type: 'response.animation_viseme.delta', ...ids('v'), audio_offset_ms: off, viseme_id: id }));
      }
    }
    return play(engine, 'v', 0, 900).filter((f) => f.t >= 300 && f.t < 600).map(dominant);
  };
  assert.ok(run(false).filter((d) => d === 'ih').length > 20, 'text alone: ih');
  const withV = run(true);
  assert.ok(withV.every((d) => d === 'aa'), `visemes win: ${withV.join(',')}`);
});

test('p/b/m close the lips even while the audio is loud', () => {
  const engine = new LipSyncEngine();
  // Steady loud audio: only the words say where the lips close ("map mop": m…p m…p).
  pushChunks(engine, 'm', concat(silence(100), vowel(...NEUTRAL, 900), silence(200)));
  word(engine, 'm', 'map', 150, 350);
  word(engine, 'm', 'mop', 550, 350);
  const frames = play(engine, 'm', 0, 1200);
  let closures = 0;
  let wasOpen = false;
  for (const f of frames.filter((x) => x.t >= 120 && x.t < 1000)) {
    const o = openness(f);
    if (o > 0.25) wasOpen = true;
    if (o < 0.05 && wasOpen) {
      closures++;
      wasOpen = false;
    }
  }
  assert.ok(frames.some((f) => f.t >= 150 && f.t < 220 && openness(f) < 0.05), 'the first m is closed');
  assert.ok(frames.some((f) => f.t > 220 && f.t < 450 && f.aa > 0.3), 'the vowel opens');
  assert.ok(closures >= 3, `p, m, p close after open vowels (${closures})`);
});

test('truncate closes the mouth within 80 ms', () => {
  const engine = new LipSyncEngine();
  pushChunks(engine, 't', vowel(...AH, 1500));
  const frames = play(engine, 't', 0, 600, 16);
  assert.ok(openness(frames[frames.length - 1]) > 0.3, 'open before the barge-in');
  engine.truncate('t', 600);
  let f = engine.sample({ itemId: 't', ms: 616, playing: true }, 16);
  for (let t = 632; t <= 680; t += 16) f = engine.sample({ itemId: 't', ms: t, playing: true }, 16);
  // 80 ms of dt after the call.
  assert.ok(openness(f) < 0.02, `closed: ${JSON.stringify(f)}`);
  // Late audio for the cut item is ignored.
  pushChunks(engine, 't', vowel(...AH, 300));
  f = engine.sample({ itemId: 't', ms: 700, playing: true }, 16);
  assert.ok(openness(f) < 0.02);
});

test('conversation.item.truncated cuts the item too', () => {
  const engine = new LipSyncEngine();
  pushChunks(engine, 'c', vowel(...AH, 1000));
  play(engine, 'c', 0, 400, 16);
  engine.handleServerEvent(ev({ type: 'conversation.item.truncated', item_id: 'c', content_index: 0, audio_end_ms: 400 }));
  const frames = play(engine, 'c', 400, 500, 16);
  assert.ok(openness(frames[frames.length - 1]) < 0.02);
});

test('at most two mouth presets are ever active', () => {
  const engine = new LipSyncEngine();
  pushChunks(engine, 'p', concat(silence(100), vowel(...NEUTRAL, 2000), silence(100)));
  const visemes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 0];
  visemes.forEach((id, k) => engine.handleServerEvent(ev({ type: 'response.animation_viseme.delta', ...ids('p'), audio_offset_ms: 100 + k * 85, viseme_id: id })));
  for (const dt of [5, 16, 33]) {
    for (const f of play(engine, 'p', 0, 2200, dt)) {
      const active = [f.aa, f.ih, f.ou, f.ee, f.oh].filter((x) => x > 0).length;
      assert.ok(active <= 2, `frame at ${f.t}: ${JSON.stringify(f)}`);
      assert.ok(f.aa + f.ih + f.ou + f.ee + f.oh <= 1.0001);
    }
  }
});

test('an unknown item or playing:false closes the mouth', () => {
  const engine = new LipSyncEngine();
  pushChunks(engine, 'u', vowel(...AH, 1000));
  play(engine, 'u', 0, 400, 16);
  let f = engine.sample({ itemId: 'u', ms: 400, playing: true }, 16);
  assert.ok(openness(f) > 0.3);
  for (let i = 0; i < 8; i++) f = engine.sample({ itemId: 'u', ms: 400, playing: false }, 16);
  assert.ok(openness(f) < 0.02, 'underrun / between items: closed');
  play(engine, 'u', 400, 700, 16);
  for (let i = 0; i < 8; i++) f = engine.sample({ itemId: 'nobody', ms: 500, playing: true }, 16);
  assert.ok(openness(f) < 0.02, 'unknown item: closed');
  for (let i = 0; i < 8; i++) f = engine.sample({ itemId: null, ms: 0, playing: false }, 16);
  assert.ok(openness(f) < 0.02);
});

test('malformed events and arguments never throw', () => {
  const engine = new LipSyncEngine();
  const bad: unknown[] = [
    null,
    undefined,
    42,
    'text',
    {},
    { type: 42 },
    { type: 'response.audio.delta' },
    { type: 'response.audio.delta', item_id: 'x', delta: '!!!not base64!!!' },
    { type: 'response.audio.delta', item_id: 5, delta: 'AAAA' },
    { type: 'response.audio.delta', item_id: 'x', delta: 'AAA' },
    { type: 'response.audio_transcript.delta', item_id: 'x', delta: 7 },
    { type: 'response.audio_transcript.done', item_id: 'x', transcript: null },
    { type: 'response.audio_timestamp.delta', item_id: 'x', text: 'hi', audio_offset_ms: 'zero', audio_duration_ms: 10 },
    { type: 'response.audio_timestamp.delta', item_id: 'x', text: 'hi', audio_offset_ms: 10, audio_duration_ms: -5 },
    { type: 'response.audio_timestamp.delta', item_id: 'x', text: 'hi', audio_offset_ms: NaN, audio_duration_ms: Infinity },
    { type: 'response.animation_viseme.delta', item_id: 'x', audio_offset_ms: -20, viseme_id: 99 },
    { type: 'response.animation_viseme.delta', item_id: 'x', audio_offset_ms: 20, viseme_id: 'aa' },
    { type: 'response.done', response: { output: 'nope' } },
    { type: 'response.done', response: { output: [null, 5, { id: 7 }] } },
    { type: 'response.done' },
    { type: 'conversation.item.truncated', item_id: 'x', audio_end_ms: 'soon' },
    { type: 'response.output_item.added', item: null },
    { type: 'session.updated', session: { output_audio_format: 'mp3' } },
    { type: 'response.audio.done', item_id: { id: 'x' } },
  ];
  for (const e of bad) assert.doesNotThrow(() => engine.handleServerEvent(e as ServerEvent));
  assert.doesNotThrow(() => engine.pushAudio(null as unknown as string, new Float32Array(10), SR));
  assert.doesNotThrow(() => engine.pushAudio('x', [1, 2] as unknown as Float32Array, SR));
  assert.doesNotThrow(() => engine.pushAudio('x', new Float32Array(10), 0));
  assert.doesNotThrow(() => engine.truncate('x', NaN));
  assert.doesNotThrow(() => engine.sample(null as never, NaN));
  assert.doesNotThrow(() => engine.sample({ itemId: 'x', ms: NaN, playing: true }, -5));
  const f = engine.sample({ itemId: 'x', ms: 100, playing: true }, 16);
  for (const v of [f.aa, f.ih, f.ou, f.ee, f.oh, f.level]) assert.ok(Number.isFinite(v) && v >= 0 && v <= 1);
});

test('audio deltas decode in every output format', () => {
  const audio = concat(silence(100), vowel(...AH, 400), silence(100));
  const cases: Array<[string, number, (x: Float32Array) => Uint8Array]> = [
    ['pcm16', 24000, encodePcm16],
    ['pcm16_16000hz', 16000, encodePcm16],
    ['pcm16_8000hz', 8000, encodePcm16],
    ['g711_ulaw', 8000, encodeUlaw],
  ];
  for (const [format, rate, enc] of cases) {
    const engine = new LipSyncEngine({ outputFormat: format as never });
    const x = resampleBuffer(audio, SR, rate);
    const chunk = rate / 10;
    for (let i = 0; i < x.length; i += chunk) {
      engine.handleServerEvent(ev({ type: 'response.audio.delta', ...ids('f'), delta: bytesToBase64(enc(x.subarray(i, i + chunk))) }));
    }
    const frames = play(engine, 'f', 0, 600);
    const speech = mean(frames.filter((f) => f.t >= 200 && f.t < 450).map(openness));
    const quiet = Math.max(...frames.filter((f) => f.t < 80).map(openness));
    assert.ok(speech > 0.3 && quiet < 0.02, `${format}: speech ${speech} quiet ${quiet}`);
  }
});

test('memory stays bounded over many items', () => {
  const engine = new LipSyncEngine();
  const audio = concat(vowel(...AH, 150), silence(50));
  for (let i = 0; i < 150; i++) {
    const id = `item_${i}`;
    engine.handleServerEvent(ev({ type: 'response.output_item.added', response_id: `r${i}`, output_index: 0, item: { id, type: 'message' } }));
    engine.handleServerEvent(ev({ type: 'response.audio_transcript.delta', ...ids(id), delta: 'hello there ' }));
    pushChunks(engine, id, audio);
    engine.handleServerEvent(ev({ type: 'response.audio.done', ...ids(id) }));
    play(engine, id, 0, 200, 20);
  }
  assert.ok(engine.itemCount <= 12, `items held: ${engine.itemCount}`);
  // Long idle: finished items are dropped once a new one arrives.
  for (let i = 0; i < 30 * 60; i++) engine.sample({ itemId: null, ms: 0, playing: false }, 16.7);
  engine.handleServerEvent(ev({ type: 'response.output_item.added', response_id: 'rz', output_index: 0, item: { id: 'fresh', type: 'message' } }));
  assert.ok(engine.itemCount <= 2, `after idle: ${engine.itemCount}`);
  engine.reset();
  assert.equal(engine.itemCount, 0);
});

test('sample() is cheap and allocation-free in steady state', () => {
  const engine = new LipSyncEngine();
  pushChunks(engine, 's', concat(silence(100), vowel(...AH, 3000)));
  word(engine, 's', 'papa', 200, 600);
  const first = engine.sample({ itemId: 's', ms: 0, playing: true }, 16);
  const pos = { itemId: 's', ms: 0, playing: true };
  const t0 = performance.now();
  let same = true;
  for (let i = 0; i < 20000; i++) {
    pos.ms = (i * 0.15) % 3000;
    same &&= engine.sample(pos, 0.15) === first;
  }
  const perCall = (performance.now() - t0) / 20000;
  assert.ok(same, 'returns the same frame object');
  assert.ok(perCall < 0.2, `ms per call: ${perCall}`);
});

test('amplitude scales the mouth but never turns it off', () => {
  const run = (amp: number) => {
    const engine = new LipSyncEngine({ amplitude: amp });
    pushChunks(engine, 'a', vowel(...AH, 800));
    return mean(play(engine, 'a', 200, 700).map(openness));
  };
  const full = run(1);
  const reduced = run(0.6);
  assert.ok(reduced > 0.2 && reduced < full, `${reduced} vs ${full}`);
  const engine = new LipSyncEngine();
  engine.setAmplitude(0.6);
  engine.setAmplitude(Number.NaN);
  pushChunks(engine, 'a', vowel(...AH, 800));
  assert.ok(Math.abs(mean(play(engine, 'a', 200, 700).map(openness)) - reduced) < 0.02);
});
