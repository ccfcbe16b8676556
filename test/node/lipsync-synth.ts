/**
 * Test helpers for the lip-sync engine: a tiny source-filter vowel synthesizer (glottal pulse train through
 * formant resonators), so engine tests need no TTS, and a driver that samples the engine like a render loop.
 */
import type { LipSyncEngine } from '../../src/lipsync/engine.js';
import type { LipSyncFrame } from '../../src/lipsync/types.js';

export const SR = 24000;

/** A steady vowel with formants f1/f2 (Hz), about −18 dBFS RMS: an impulse train through a Klatt-style cascade. */
export function vowel(f1: number, f2: number, ms: number, f0 = 120): Float32Array {
  const n = Math.round((ms * SR) / 1000);
  const period = Math.round(SR / f0);
  let out = new Float32Array(n);
  for (let i = 0; i < n; i += period) out[i] = 1;
  for (const [f, bw] of [[f1, 80], [f2, 110], [2800, 160], [3500, 250]] as const) {
    const r = Math.exp((-Math.PI * bw) / SR);
    const a1 = 2 * r * Math.cos((2 * Math.PI * f) / SR);
    const a2 = -r * r;
    const g = 1 - a1 - a2; // unity gain at DC
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = g * out[i] + a1 * (y[i - 1] ?? 0) + a2 * (y[i - 2] ?? 0);
    out = y;
  }
  let rms = 0;
  for (const x of out) rms += x * x;
  rms = Math.sqrt(rms / n);
  const gain = rms > 0 ? 0.125 / rms : 0;
  // 10 ms fades so the vowel has an onset, not a click.
  const fade = Math.round(SR / 100);
  for (let i = 0; i < n; i++) out[i] *= gain * Math.min(1, i / fade, (n - 1 - i) / fade);
  return out;
}

export function silence(ms: number): Float32Array {
  return new Float32Array(Math.round((ms * SR) / 1000));
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Pushes audio in 100 ms deltas, like the element after decoding. */
export function pushChunks(engine: LipSyncEngine, itemId: string, samples: Float32Array): void {
  const chunk = SR / 10;
  for (let i = 0; i < samples.length; i += chunk) engine.pushAudio(itemId, samples.slice(i, i + chunk), SR);
}

/** Samples the engine every `dt` ms over [fromMs, toMs) of the item's audio; returns copies of the frames. */
export function play(engine: LipSyncEngine, itemId: string, fromMs: number, toMs: number, dt = 10): Array<LipSyncFrame & { t: number }> {
  const out: Array<LipSyncFrame & { t: number }> = [];
  for (let t = fromMs; t < toMs; t += dt) out.push({ ...engine.sample({ itemId, ms: t, playing: true }, dt), t });
  return out;
}

export const openness = (f: { aa: number; ih: number; ou: number; ee: number; oh: number }): number =>
  f.aa + 0.75 * f.oh + 0.55 * f.ee + 0.35 * (f.ih + f.ou);

export function dominant(f: { aa: number; ih: number; ou: number; ee: number; oh: number }): string {
  let best = 'none';
  let v = 0.02;
  for (const k of ['aa', 'ih', 'ou', 'ee', 'oh'] as const) {
    if (f[k] > v) {
      v = f[k];
      best = k;
    }
  }
  return best;
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
