/**
 * Audio fixtures and measurements for the simulator tests: real speech from eSpeak NG (or the built-in voice
 * when the GPL package is absent), encoding for every input format, appending in 20 ms chunks, and decoding of
 * `response.audio.delta`s.
 */
import { base64ToBytes, bytesToBase64 } from '../../../src/audio/codecs/base64.js';
import { decodeSamples, encodeSamples, outputStreamFormat } from '../../../src/audio/codecs/formats.js';
import type { OutputAudioFormat, SampleCodec } from '../../../src/audio/codecs/formats.js';
import { resampleBuffer } from '../../../src/audio/codecs/resampler.js';
import { createFallbackSynthesizer } from '../../../src/server/simulator/fallback-voice.js';
import { createEspeakSynthesizer } from '../../../src/server/tts/espeak.js';
import type { SpeechSynthesizer, Synthesis } from '../../../src/server/tts/espeak.js';
import type { AnyEvent, SimClient } from './sim-client.js';

let synth: Promise<SpeechSynthesizer> | undefined;
const cache = new Map<string, Promise<Synthesis>>();

export function testSynthesizer(): Promise<SpeechSynthesizer> {
  synth ??= createEspeakSynthesizer().then((s) => s ?? createFallbackSynthesizer());
  return synth;
}

export async function synthesize(text: string, voice = 'en-us'): Promise<Synthesis> {
  const key = `${voice}|${text}`;
  if (!cache.has(key)) cache.set(key, testSynthesizer().then((s) => s.synthesize(text, { voice })));
  return cache.get(key) as Promise<Synthesis>;
}

/** Speech as floats at `rate`. */
export async function speech(text = 'Hello, can you tell me what the weather is like today?', rate = 24000): Promise<Float32Array> {
  const s = await synthesize(text);
  const f = new Float32Array(s.samples.length);
  for (let i = 0; i < f.length; i++) f[i] = s.samples[i] / 32768;
  return resampleBuffer(f, s.sampleRate, rate);
}

export function silence(ms: number, rate: number): Float32Array {
  return new Float32Array(Math.round((ms / 1000) * rate));
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function scale(samples: Float32Array, gainDb: number): Float32Array {
  const g = 10 ** (gainDb / 20);
  return samples.map((x) => x * g);
}

/** Appends `samples` as `input_audio_buffer.append` events of `chunkMs` each. */
export function appendAudio(client: SimClient, samples: Float32Array, rate: number, codec: SampleCodec = 'pcm16', chunkMs = 20): void {
  const n = Math.round((rate * chunkMs) / 1000);
  for (let i = 0; i < samples.length; i += n) {
    const bytes = encodeSamples(codec, samples.subarray(i, Math.min(samples.length, i + n)));
    client.send({ type: 'input_audio_buffer.append', audio: bytesToBase64(bytes) });
  }
}

/** Index of the first and last 10 ms frame above `db` dBFS, in ms (the true speech span of a fixture). */
export function activeSpan(samples: Float32Array, rate: number, db = -40): { startMs: number; endMs: number } {
  const frame = Math.round(rate / 100);
  let first = -1;
  let last = -1;
  for (let f = 0; f * frame < samples.length; f++) {
    if (rmsDb(samples, f * frame, (f + 1) * frame) >= db) {
      if (first < 0) first = f;
      last = f;
    }
  }
  return { startMs: first * 10, endMs: (last + 1) * 10 };
}

export function rmsDb(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(samples.length, Math.floor(to));
  if (b <= a) return -120;
  let sum = 0;
  for (let i = a; i < b; i++) sum += samples[i] * samples[i];
  return 10 * Math.log10(sum / (b - a) + 1e-12);
}

/** RMS in dBFS of the window [fromMs, toMs). */
export function windowDb(samples: Float32Array, rate: number, fromMs: number, toMs: number): number {
  return rmsDb(samples, (fromMs / 1000) * rate, (toMs / 1000) * rate);
}

/** Decodes the `response.audio.delta`s (of one item, when given) into floats. */
export function decodeDeltas(events: AnyEvent[], format: OutputAudioFormat, itemId?: string): { samples: Float32Array; rate: number; chunkMs: number[] } {
  const { codec, sampleRate } = outputStreamFormat(format);
  const parts: Float32Array[] = [];
  const chunkMs: number[] = [];
  for (const e of events) {
    if (e.type !== 'response.audio.delta' || (itemId && e.item_id !== itemId)) continue;
    const s = decodeSamples(codec, base64ToBytes(e.delta as string));
    parts.push(s);
    chunkMs.push((s.length / sampleRate) * 1000);
  }
  return { samples: concat(...parts), rate: sampleRate, chunkMs };
}

/** Fraction of 20 ms frames below -50 dBFS. */
export function silentFraction(samples: Float32Array, rate: number): number {
  const frame = Math.round(rate / 50);
  let silent = 0;
  let total = 0;
  for (let i = 0; i + frame <= samples.length; i += frame, total++) if (rmsDb(samples, i, i + frame) < -50) silent++;
  return total ? silent / total : 1;
}

/** Standard deviation of 20 ms frame levels over the non-silent frames: speech fluctuates, a tone doesn't. */
export function levelSpread(samples: Float32Array, rate: number): number {
  const frame = Math.round(rate / 50);
  const levels: number[] = [];
  for (let i = 0; i + frame <= samples.length; i += frame) {
    const db = rmsDb(samples, i, i + frame);
    if (db > -50) levels.push(db);
  }
  const mean = levels.reduce((a, b) => a + b, 0) / Math.max(1, levels.length);
  return Math.sqrt(levels.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, levels.length));
}
