/**
 * Early ducking on real speech: eSpeak sentences stand for the assistant's echo in the microphone and for the
 * user talking over it, cut into the 20 ms frames the capture worklet posts.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpeechDuck, DEFAULT_DUCK } from '../../src/conversation/speech-duck.js';
import { activeSpan, concat, scale, silence, speech } from './helpers/audio.js';

const RATE = 24000;
const FRAME = (RATE * 20) / 1000;

let assistant: Float32Array;
let user: Float32Array;

before(async () => {
  assistant = await speech('Certainly. The forecast for tomorrow is mild, with light rain in the afternoon and a clear evening.');
  user = await speech('Wait, stop, what about Saturday?');
});

/** Sum of two signals, the second starting at `atMs`. */
function mix(a: Float32Array, b: Float32Array, atMs: number): Float32Array {
  const at = Math.round((atMs / 1000) * RATE);
  const out = new Float32Array(Math.max(a.length, at + b.length));
  out.set(a);
  for (let i = 0; i < b.length; i++) out[at + i] += b[i];
  return out;
}

function rmsOf(x: Float32Array, from: number, n: number): number {
  let e = 0;
  for (let i = from; i < from + n; i++) e += (x[i] ?? 0) ** 2;
  return Math.sqrt(e / n);
}

/** The assistant's echo in the microphone: its output `db` quieter and `delayMs` later (output + input latency, room). */
function echoOf(output: Float32Array, db: number, delayMs = 80): Float32Array {
  return mix(new Float32Array(0), scale(output, db), delayMs);
}

/**
 * Plays `output` (reported every 40 ms, as the playback worklet does) while the microphone hears `mic` (20 ms
 * frames); returns each gain change with its time.
 */
function run(duck: SpeechDuck, output: Float32Array, mic: Float32Array, audible: (ms: number) => boolean = () => true) {
  const changes: Array<{ ms: number; gain: number }> = [];
  const frames = Math.floor(mic.length / FRAME);
  for (let f = 0; f < frames; f++) {
    const ms = (f + 1) * 20;
    if (f % 2 === 1) duck.output(rmsOf(output, (f - 1) * FRAME, 2 * FRAME), ms);
    const gain = duck.frame(rmsOf(mic, f * FRAME, FRAME), ms, audible(ms));
    if (gain !== null) changes.push({ ms, gain });
  }
  return changes;
}

test("the assistant's own echo never ducks it where echo cancellation works", () => {
  const output = concat(assistant, silence(300, RATE), assistant);
  for (const db of [-40, -30, -20]) {
    const changes = run(new SpeechDuck(), output, echoOf(output, db));
    assert.deepEqual(changes, [], `echo at ${db} dB ducked at ${JSON.stringify(changes)}`);
  }
});

test('strong echo (little or no echo cancellation) costs a false alarm or two in the first reply, then none', () => {
  const output = concat(assistant, silence(300, RATE), assistant, silence(300, RATE), assistant);
  const secondReplyMs = (assistant.length / RATE) * 1000 + 300;
  for (const db of [-12, -6, 0]) {
    const duck = new SpeechDuck();
    const changes = run(duck, output, echoOf(output, db));
    const ducks = changes.filter((c) => c.gain < 1);
    assert.ok(ducks.length <= 2, `echo at ${db} dB: ${JSON.stringify(changes)}`);
    assert.ok(ducks.every((c) => c.ms < secondReplyMs), `echo at ${db} dB ducked again later: ${JSON.stringify(changes)}`);
    assert.equal(changes.at(-1)?.gain ?? 1, 1, 'the volume came back');
    assert.ok(duck.coupling(1e9) > 10 ** (db / 20) / DEFAULT_DUCK.ratio, `coupling ${duck.coupling(1e9)} at ${db} dB`);
  }
});

test('the user talking over the echo ducks within 100 ms of their first syllable', () => {
  // Echo cancellation typically takes 20–30 dB off; with less, the user is no louder than the echo at the microphone.
  for (const db of [-40, -30, -20]) {
    const startMs = 1500;
    const mic = mix(echoOf(assistant, db), user, startMs);
    const changes = run(new SpeechDuck(), assistant, mic);
    const onset = startMs + activeSpan(user, RATE).startMs;
    assert.ok(changes.length >= 1, `never ducked (echo ${db} dB)`);
    assert.equal(changes[0].gain, DEFAULT_DUCK.duckGain);
    const lag = changes[0].ms - onset;
    assert.ok(lag >= 0 && lag <= 100, `echo ${db} dB: ducked ${lag} ms after the user's onset`);
  }
});

test('without the server confirming, the volume comes back after the hold', () => {
  const cough = user.subarray(0, Math.round(0.12 * RATE));
  const output = concat(assistant, assistant);
  const mic = mix(echoOf(output, -20), cough, 1000);
  const changes = run(new SpeechDuck(), output, mic);
  assert.equal(changes.length, 2, JSON.stringify(changes));
  assert.equal(changes[0].gain, DEFAULT_DUCK.duckGain);
  assert.equal(changes[1].gain, 1);
  const quietFor = changes[1].ms - changes[0].ms;
  assert.ok(quietFor >= DEFAULT_DUCK.holdMs && quietFor <= DEFAULT_DUCK.holdMs + 200, `restored after ${quietFor} ms`);
});

test('a cough teaches little: the sentence after it still ducks at once', () => {
  const cough = user.subarray(0, Math.round(0.12 * RATE));
  const output = concat(assistant, assistant);
  const sentenceAt = 2600;
  const mic = mix(mix(echoOf(output, -20), cough, 1000), user, sentenceAt);
  const changes = run(new SpeechDuck(), output, mic);
  assert.deepEqual(changes.slice(0, 3).map((c) => c.gain), [DEFAULT_DUCK.duckGain, 1, DEFAULT_DUCK.duckGain], JSON.stringify(changes));
  const lag = changes[2].ms - (sentenceAt + activeSpan(user, RATE).startMs);
  assert.ok(lag >= 0 && lag <= 100, `ducked ${lag} ms after the sentence began`);
});

test('once the server confirms, it stays ducked until the reply is flushed', () => {
  const duck = new SpeechDuck();
  const mic = mix(echoOf(assistant, -20), user.subarray(0, Math.round(0.2 * RATE)), 1000);
  const frames = Math.floor(mic.length / FRAME);
  const gains: number[] = [];
  for (let f = 0; f < frames; f++) {
    const ms = (f + 1) * 20;
    duck.output(rmsOf(assistant, f * FRAME, FRAME), ms);
    const g = duck.frame(rmsOf(mic, f * FRAME, FRAME), ms, true);
    if (g !== null) gains.push(g);
    if (g !== null && g < 1) duck.confirm();
  }
  assert.deepEqual(gains, [DEFAULT_DUCK.duckGain]);
  assert.ok(duck.ducked);
  assert.equal(duck.reset(), 1);
  assert.equal(duck.reset(), null, 'a second reset changes nothing');
});

test('nothing ducks while the assistant is silent, and a reply that stops restores the volume', () => {
  assert.deepEqual(run(new SpeechDuck(), new Float32Array(user.length), user, () => false), []);
  // A headset: none of the assistant reaches the microphone.
  const changes = run(new SpeechDuck(), assistant, mix(new Float32Array(2 * RATE), user, 600), (ms) => ms < 1200);
  assert.deepEqual(
    changes.map((c) => c.gain),
    [DEFAULT_DUCK.duckGain, 1],
  );
  assert.equal(changes[1].ms, 1200, 'restored on the first frame after playback stopped');
});

test('a user already talking when the reply starts ducks it at once', () => {
  const changes = run(new SpeechDuck(), assistant, mix(echoOf(assistant, -20), user, 0));
  assert.ok(changes.length >= 1 && changes[0].gain < 1, JSON.stringify(changes));
  assert.ok(changes[0].ms <= 100, `ducked at ${changes[0].ms} ms`);
});
