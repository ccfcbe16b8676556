/**
 * Fusion: turns timed segments (from server visemes, word timestamps or alignment) into a per-10-ms shape track,
 * choosing the best source per frame, with coarticulation by overlapping envelopes. Also the audio-only spectral
 * vowel hint used where no text covers the audio. Pure; the render loop only reads the columns this fills.
 */
import { FRAME_MS } from './features.js';
import type { Segment } from './text-track.js';
import type { MouthWeights } from './types.js';

/** Which source shaped a frame (higher wins). */
export const enum Source {
  None = 0,
  Spectral = 1,
  Aligned = 2,
  WordTimed = 3,
  Viseme = 4,
}

/** A growable set of per-frame columns. */
export class ShapeFrames {
  aa = new Float32Array(256);
  ih = new Float32Array(256);
  ou = new Float32Array(256);
  ee = new Float32Array(256);
  oh = new Float32Array(256);
  jaw = new Float32Array(256);
  closed = new Uint8Array(256);
  source = new Uint8Array(256);
  length = 0;

  ensure(n: number): void {
    if (n <= this.aa.length) {
      if (n > this.length) this.length = n;
      return;
    }
    const cap = Math.max(n, this.aa.length * 2);
    const grow = <T extends Float32Array | Uint8Array>(a: T): T => {
      const g = new (a.constructor as { new (n: number): T })(cap);
      g.set(a);
      return g;
    };
    this.aa = grow(this.aa);
    this.ih = grow(this.ih);
    this.ou = grow(this.ou);
    this.ee = grow(this.ee);
    this.oh = grow(this.oh);
    this.jaw = grow(this.jaw);
    this.closed = grow(this.closed);
    this.source = grow(this.source);
    this.length = n;
  }

  set(f: number, w: MouthWeights, jaw: number, closed: boolean, source: Source): void {
    this.aa[f] = w.aa;
    this.ih[f] = w.ih;
    this.ou[f] = w.ou;
    this.ee[f] = w.ee;
    this.oh[f] = w.oh;
    this.jaw[f] = jaw;
    this.closed[f] = closed ? 1 : 0;
    this.source[f] = source;
  }
}

/** p/b/m closures are shown for at least this long (ms): shorter ones would be smoothed away. */
const MIN_CLOSURE_MS = 50;
/** Longest envelope reach considered when searching segments (ms). */
const MAX_REACH = 200;

/** First index whose segment may overlap time t's envelope window (segments sorted by start). */
function firstNear(segs: readonly Segment[], t: number): number {
  let lo = 0;
  let hi = segs.length;
  const bound = t - MAX_REACH - 400; // generous: segment starts are sorted, ends are not far behind
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].startMs < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Trapezoid envelope of one segment at time t: rises over [s - lead, s + rise], holds, falls over
 * [e - fall, e + tail]. Short segments get short ramps, so they still peak.
 */
function envelope(seg: Segment, t: number, maxLead: number, maxTail: number): number {
  const s = seg.startMs;
  const e = seg.endMs;
  const d = Math.max(1, e - s);
  const lead = Math.min(maxLead, 0.7 * d);
  const tail = Math.min(maxTail, 0.5 * d);
  const rise = Math.min(20, d / 3);
  const fall = Math.min(20, d / 3);
  if (t <= s - lead || t >= e + tail) return 0;
  if (t < s + rise) return (t - (s - lead)) / (lead + rise);
  if (t <= e - fall) return 1;
  return (e + tail - t) / (fall + tail);
}

export interface Blend extends MouthWeights {
  jaw: number;
  closed: boolean;
  /** Total envelope weight found (0: nothing near t). */
  weight: number;
}

/** Blends the segments near time t (ms) into `out`. */
export function blendAt(segs: readonly Segment[], t: number, out: Blend, reach: { envelopeLeadMs: number; envelopeTailMs: number }): Blend {
  out.aa = out.ih = out.ou = out.ee = out.oh = 0;
  out.jaw = 0;
  out.closed = false;
  out.weight = 0;
  let wShape = 0;
  let wJaw = 0;
  for (let i = firstNear(segs, t); i < segs.length; i++) {
    const seg = segs[i];
    if (seg.startMs - MAX_REACH > t) break;
    const env = envelope(seg, t, reach.envelopeLeadMs, reach.envelopeTailMs);
    if (env <= 0 && !seg.target.closed) continue;
    const tg = seg.target;
    if (tg.closed) {
      // A closure lasts at least MIN_CLOSURE_MS, centred on the segment, however short it was timed.
      const short = Math.max(0, MIN_CLOSURE_MS - (seg.endMs - seg.startMs)) / 2;
      if (t >= seg.startMs - short && t < seg.endMs + short) out.closed = true;
    }
    const w = env * tg.dominance;
    out.aa += w * tg.aa;
    out.ih += w * tg.ih;
    out.ou += w * tg.ou;
    out.ee += w * tg.ee;
    out.oh += w * tg.oh;
    wShape += w;
    out.jaw += env * tg.jaw;
    wJaw += env;
  }
  out.weight = wJaw;
  if (wShape > 0) {
    out.aa /= wShape;
    out.ih /= wShape;
    out.ou /= wShape;
    out.ee /= wShape;
    out.oh /= wShape;
  }
  if (wJaw > 0) out.jaw /= wJaw;
  return out;
}

/** Generic adult vowel formants (Hz) → the preset they look like. Rough on purpose: only a hint. */
const PROTOTYPES: ReadonlyArray<readonly [number, number, keyof MouthWeights]> = [
  [280, 2250, 'ih'],
  [400, 1950, 'ih'],
  [550, 1800, 'ee'],
  [500, 1400, 'ee'],
  [680, 1700, 'aa'],
  [720, 1150, 'aa'],
  [600, 900, 'oh'],
  [450, 950, 'ou'],
  [320, 900, 'ou'],
];

/** Audio-only shape from F1/F2: soft nearest-prototype weights (0 when no formants were found). */
export function spectralHint(f1: number, f2: number, out: MouthWeights): MouthWeights {
  out.aa = out.ih = out.ou = out.ee = out.oh = 0;
  if (!(f1 > 0 && f2 > 0)) {
    out.aa = 0.5;
    out.ee = 0.3;
    return out;
  }
  const l1 = Math.log(f1);
  const l2 = Math.log(f2);
  let total = 0;
  for (const [p1, p2, key] of PROTOTYPES) {
    const d1 = (l1 - Math.log(p1)) / 0.18;
    const d2 = (l2 - Math.log(p2)) / 0.15;
    const w = Math.exp(-0.5 * (d1 * d1 + d2 * d2));
    out[key] += w;
    total += w;
  }
  if (total > 1e-6) {
    out.aa /= total;
    out.ih /= total;
    out.ou /= total;
    out.ee /= total;
    out.oh /= total;
  } else {
    out.aa = 0.5;
    out.ee = 0.3;
  }
  return out;
}

export function frameCenterMs(f: number): number {
  return f * FRAME_MS + FRAME_MS / 2;
}
