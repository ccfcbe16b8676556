import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64ToBytes, bytesToBase64 } from '../../src/audio/codecs/base64.js';
import { decodePcm16, encodePcm16 } from '../../src/audio/codecs/pcm16.js';
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw, linearToAlaw, linearToUlaw } from '../../src/audio/codecs/g711.js';
import { StreamResampler, resampleBuffer } from '../../src/audio/codecs/resampler.js';

test('base64 round-trips every length and matches Node', () => {
  for (let len = 0; len < 70; len++) {
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = (i * 37 + len) & 255;
    const b64 = bytesToBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(base64ToBytes(b64), bytes);
  }
});

test('base64 rejects characters outside the alphabet', () => {
  assert.throws(() => base64ToBytes('AB$D'), TypeError);
  assert.throws(() => base64ToBytes('ABCDE'), TypeError);
  assert.throws(() => base64ToBytes('ABĀD'), TypeError);
});

test('base64 decodes a 10-minute 24 kHz answer in well under a second', () => {
  const bytes = new Uint8Array(24000 * 2 * 600);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i & 255;
  const b64 = Buffer.from(bytes).toString('base64');
  const t0 = performance.now();
  const out = base64ToBytes(b64);
  const ms = performance.now() - t0;
  assert.equal(out.length, bytes.length);
  assert.equal(out[12345], bytes[12345]);
  // Not a timing assertion on the machine's speed: a linear decoder does this in ~100 ms; a quadratic one never finishes.
  assert.ok(ms < 5000, `decoding took ${ms} ms`);
});

test('PCM16 round-trips and clips', () => {
  const x = new Float32Array([0, 0.5, -0.5, 1, -1, 1.5, -1.5]);
  const y = decodePcm16(encodePcm16(x));
  assert.ok(Math.abs(y[1] - 0.5) < 1e-4);
  assert.ok(Math.abs(y[2] + 0.5) < 1e-4);
  assert.equal(y[5], 32767 / 32768);
  assert.equal(y[6], -1);
});

test('PCM16 decodes unaligned input', () => {
  const buf = new Uint8Array(9);
  buf.set([0x00, 0x40, 0x00, 0xc0], 1);
  const y = decodePcm16(buf.subarray(1, 5));
  assert.deepEqual(Array.from(y), [0.5, -0.5]);
});

test('G.711 µ-law and A-law: every code decodes and re-encodes to itself', () => {
  const codes = new Uint8Array(256).map((_, i) => i);
  const u = decodeUlaw(codes);
  const a = decodeAlaw(codes);
  for (let i = 0; i < 256; i++) {
    const lu = Math.round(u[i] * 32768);
    const la = Math.round(a[i] * 32768);
    // µ-law has two zeros (0x7f and 0xff); both re-encode to a zero code.
    if (lu !== 0) assert.equal(linearToUlaw(lu), i, `µ-law code ${i}`);
    assert.equal(linearToAlaw(la), i, `A-law code ${i}`);
  }
});

test('G.711 error stays within the companding step', () => {
  const x = new Float32Array(2000).map((_, i) => Math.sin(i / 7) * (i / 2000));
  for (const [enc, dec] of [
    [encodeUlaw, decodeUlaw],
    [encodeAlaw, decodeAlaw],
  ] as const) {
    const y = dec(enc(x));
    for (let i = 0; i < x.length; i++) {
      const tol = Math.max(0.002, Math.abs(x[i]) * 0.07);
      assert.ok(Math.abs(y[i] - x[i]) <= tol, `sample ${i}: ${x[i]} vs ${y[i]}`);
    }
  }
});

function tone(freq: number, rate: number, seconds: number): Float32Array {
  const n = Math.round(rate * seconds);
  return new Float32Array(n).map((_, i) => Math.sin((2 * Math.PI * freq * i) / rate));
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
}

test('resampler keeps a passband tone and its phase (48 kHz → 16 kHz)', () => {
  const x = tone(1000, 48000, 0.5);
  const y = resampleBuffer(x, 48000, 16000);
  assert.equal(y.length, 8000);
  const ref = tone(1000, 16000, 0.5);
  let err = 0;
  for (let i = 200; i < 7800; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
  assert.ok(err < 0.01, `max error ${err}`);
});

test('resampler removes content above the new Nyquist (anti-aliasing)', () => {
  // 11 kHz at 48 kHz would alias to 5 kHz at 16 kHz without a filter.
  const y = resampleBuffer(tone(11000, 48000, 0.5), 48000, 16000);
  const level = rms(y, 200, y.length - 200);
  assert.ok(level < 0.001, `aliased energy ${level}`);
});

test('resampler upsamples 24 kHz → 44.1 kHz in small chunks exactly like one shot', () => {
  const x = tone(440, 24000, 0.3);
  const whole = resampleBuffer(x, 24000, 44100);
  const r = new StreamResampler(24000, 44100);
  const parts: number[] = [];
  const out = new Float32Array(r.maxOutput(128));
  for (let i = 0; i < x.length; i += 128) {
    const n = r.process(x.subarray(i, i + 128), out);
    parts.push(...out.subarray(0, n));
  }
  const tail = new Float32Array(r.maxOutput(0) + 64);
  parts.push(...tail.subarray(0, r.flush(tail)));
  assert.equal(whole.length, Math.round((x.length * 44100) / 24000));
  for (let i = 0; i < whole.length; i++) assert.ok(Math.abs(parts[i] - whole[i]) < 1e-6, `sample ${i}`);
});
