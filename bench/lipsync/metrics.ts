/**
 * The §3.3 metrics on 10 ms frames: vowel-class accuracy, openness Pearson r (and best lag in ±200 ms, r at that
 * lag), p/b/m closed fraction, silence closed fraction, onset error (signed and absolute).
 */
import type { MouthWeights } from '../../src/lipsync/types.js';
import { weightsOpenness, type GtClass } from './ipa.js';
import { FRAME_MS, type Utterance } from './corpus.js';

export interface Scores {
  vowelAcc: number;
  openR: number;
  bestLagMs: number;
  rAtLag: number;
  ppClosed: number;
  silClosed: number;
  onsetSigned: number;
  onsetAbs: number;
}

export const SCORE_KEYS: ReadonlyArray<keyof Scores> = ['vowelAcc', 'openR', 'bestLagMs', 'rAtLag', 'ppClosed', 'silClosed', 'onsetSigned', 'onsetAbs'];

const VOWELS = new Set<GtClass>(['aa', 'ih', 'ou', 'ee', 'oh']);
const KEYS = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, lag: number): number {
  // Compares a[k + lag] (method) with b[k] (truth).
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let k = 0; k < b.length; k++) {
    const j = k + lag;
    if (j < 0 || j >= a.length) continue;
    sa += a[j];
    sb += b[k];
    n++;
  }
  if (n < 3) return 0;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let k = 0; k < b.length; k++) {
    const j = k + lag;
    if (j < 0 || j >= a.length) continue;
    const x = a[j] - ma;
    const y = b[k] - mb;
    cov += x * y;
    va += x * x;
    vb += y * y;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/** Scores one method's frames (index k = output at 10·k ms) against an utterance's ground truth. */
export function score(u: Utterance, frames: ReadonlyArray<MouthWeights | undefined>): Scores {
  const n = u.gtClass.length;
  const open = new Float64Array(n);
  let vowelFrames = 0;
  let vowelHits = 0;
  let pp = 0;
  let ppHits = 0;
  let sil = 0;
  let silHits = 0;
  for (let k = 0; k < n; k++) {
    const w = frames[k];
    const o = w ? weightsOpenness(w) : 0;
    open[k] = o;
    const c = u.gtClass[k];
    if (VOWELS.has(c)) {
      vowelFrames++;
      if (w) {
        let best: (typeof KEYS)[number] | null = null;
        let bv = 0;
        for (const key of KEYS) {
          if (w[key] > bv) {
            bv = w[key];
            best = key;
          }
        }
        if (best === c) vowelHits++;
      }
    } else if (c === 'PP') {
      pp++;
      if (o < 0.15) ppHits++;
    } else if (c === 'sil') {
      sil++;
      if (o < 0.1) silHits++;
    }
  }
  const r0 = pearson(open, u.gtOpen, 0);
  let bestLag = 0;
  let bestR = r0;
  for (let lag = -20; lag <= 20; lag++) {
    const r = pearson(open, u.gtOpen, lag);
    if (r > bestR) {
      bestR = r;
      bestLag = lag;
    }
  }
  // The first frame the truth wants open: an utterance that starts with /m/ should keep the lips shut through it.
  const gtOnset = u.gtClass.findIndex((c) => c !== 'sil' && c !== 'PP');
  let mOnset = -1;
  for (let k = 0; k < n; k++) {
    if (open[k] > 0.1) {
      mOnset = k;
      break;
    }
  }
  const onset = mOnset < 0 ? 500 : (mOnset - gtOnset) * FRAME_MS;
  return {
    vowelAcc: vowelFrames ? vowelHits / vowelFrames : 0,
    openR: r0,
    bestLagMs: bestLag * FRAME_MS,
    rAtLag: bestR,
    ppClosed: pp ? ppHits / pp : NaN,
    silClosed: sil ? silHits / sil : NaN,
    onsetSigned: onset,
    onsetAbs: Math.abs(onset),
  };
}

export function mean(scores: readonly Scores[]): Scores {
  const out = {} as Scores;
  for (const k of SCORE_KEYS) {
    const vals = scores.map((s) => s[k]).filter((v) => Number.isFinite(v));
    out[k] = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : NaN;
  }
  return out;
}
