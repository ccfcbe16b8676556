/**
 * B2: aligning the transcript to the audio when the service sends no word timestamps (OpenAI voices, and every
 * peer's failure case). A small left-to-right HMM: each phone is a chain of 1–4 states with a broad acoustic
 * class (vowel, nasal, sibilant, stop closure…); optional pauses sit between words, cheaper after punctuation;
 * per-state stay/advance costs come from the phone's typical duration scaled by an adaptive speaking rate.
 * Emissions are soft penalties on a few energy features relative to the session's speech level, so syllable
 * nuclei land on energy peaks in the 300–2500 Hz band and pauses/closures on valleys.
 *
 * Incremental: decoding restarts from the last committed (frame, state); frames more than COMMIT_LAG behind the
 * newest arrived frame are committed, so each update costs O(window × states), not O(item). Text that has not
 * arrived yet is an "unknown speech" state the path may end in; audio without text never blocks. Pure.
 */
import { phoneInfo, type Phone, type PhoneClass } from './phones.js';
import type { TextWord } from './text-track.js';

/** Broad emission classes the features can tell apart. */
export const enum Em {
  Sil = 0,
  Closure,
  VoicedClosure,
  Burst,
  Vowel,
  Approx,
  Nasal,
  Sibilant,
  Fricative,
  Aspirate,
  Unknown,
  Count,
}

/** Per-frame features the emissions need, relative to the session speech level (dB). */
export interface AlignFrame {
  /** 300–2500 Hz band energy − reference. */
  v: number;
  /** Total energy − reference. */
  t: number;
  /** Energy above 2500 Hz − total (≤ 0; near 0 for s/sh). */
  h: number;
  /** Energy below 300 Hz − 300–2500 Hz (high for nasals and voice bars). */
  l: number;
  zcr: number;
}

/** Quadratic penalty outside [lo, hi] with softness s. */
function pen(x: number, lo: number, hi: number, s: number): number {
  if (x < lo) {
    const d = (lo - x) / s;
    return -0.5 * d * d;
  }
  if (x > hi) {
    const d = (x - hi) / s;
    return -0.5 * d * d;
  }
  return 0;
}

const FLOOR = -12;
const INF = Number.POSITIVE_INFINITY;

/** Log-scores of one frame for every class, written into out[0..Em.Count). */
export function emissions(f: AlignFrame, out: Float32Array, offset = 0): void {
  const { v, t, h, l, zcr } = f;
  const sil = pen(t, -INF, -30, 6);
  out[offset + Em.Sil] = sil;
  out[offset + Em.Closure] = pen(t, -INF, -36, 5);
  out[offset + Em.VoicedClosure] = Math.max(pen(t, -INF, -36, 5), pen(t, -INF, -18, 5) + pen(l, 0, INF, 4) + pen(h, -INF, -10, 5));
  out[offset + Em.Burst] = pen(t, -30, -4, 6) + pen(h, -12, INF, 5);
  // The low-band ratio separates nasals from vowels, but a high voice puts its F0 in that band too: vowels get a
  // soft limit, approximants (post-vocalic r/l are vowel-like) none.
  out[offset + Em.Vowel] = pen(v, -8, INF, 5) + pen(h, -INF, -8, 4) + pen(l, -INF, 2, 6);
  out[offset + Em.Approx] = pen(v, -17, 3, 5) + pen(h, -INF, -7, 5);
  out[offset + Em.Nasal] = pen(v, -24, -5, 5) + pen(l, -2, INF, 3) + pen(h, -INF, -10, 5);
  out[offset + Em.Sibilant] = pen(h, -5, INF, 3) + pen(t, -28, INF, 6) + pen(zcr, 0.18, INF, 0.08);
  out[offset + Em.Fricative] = pen(t, -38, -8, 6) + pen(v, -INF, -14, 5);
  out[offset + Em.Aspirate] = pen(t, -34, -8, 6) + pen(h, -12, INF, 5) + pen(v, -INF, -10, 5);
  for (let c = 0; c < Em.Unknown; c++) if (out[offset + c] < FLOOR) out[offset + c] = FLOOR;
  // Unknown speech (text not here yet): whatever fits best, a little worse than a real match.
  let best = FLOOR;
  for (let c = Em.Burst; c < Em.Unknown; c++) if (out[offset + c] > best) best = out[offset + c];
  out[offset + Em.Unknown] = Math.max(best, sil) - 0.4;
}

export interface AlignedPhone {
  phone: Phone;
  word: number;
}

/** One decoding unit: a phone (a whole segment with a duration prior), or a pause / unknown-speech stretch. */
interface Unit {
  /** Index into `phones`; -1 pause or silence; -2 unknown speech (text not arrived yet). */
  phone: number;
  /** Emission classes for phones (see segmentEmission); for pauses [Sil], unknown [Unknown]. */
  ems: Em[];
  /** Relative duration (phones). */
  dur: number;
  /** Pauses: may be skipped, and cost `entry` to enter (cheaper after punctuation). */
  optional: boolean;
  entry: number;
}

const COMMIT_LAG = 40; // frames (400 ms) behind the newest frame
const MAX_WINDOW = 800; // frames: beyond this, the oldest frames are committed whatever they are
const PAUSE_ENTRY = [3.0, 0.5, 0.15];
/** Per-frame cost of staying in a pause or unknown stretch. */
const PAUSE_STAY = 0.05;
/** Prior: frames per duration unit (~85 ms per average phone); adaptation stays within these bounds. */
const PRIOR_UNIT = 8.5;
const MIN_UNIT = 6.5;
const MAX_UNIT = 11.5;
/** Log-normal duration prior: spread of ln(duration) around a phone's typical length. */
const DUR_SIGMA = 0.45;
/** A phone never lasts longer than this multiple of its typical length. */
const MAX_DUR_FACTOR = 3.5;

function statesOf(cls: PhoneClass, voiced: boolean, phone: Phone): Em[] {
  switch (cls) {
    case 'vowel':
      return [Em.Vowel];
    case 'glide':
    case 'liquid':
      return [Em.Approx];
    case 'nasal':
      return [Em.Nasal];
    case 'sibilant':
      return [Em.Sibilant];
    case 'fricative':
      return [Em.Fricative];
    case 'aspirate':
      return [Em.Aspirate];
    case 'stop':
      if (phone === 'CH' || phone === 'JH') return [voiced ? Em.VoicedClosure : Em.Closure, Em.Sibilant];
      return [voiced ? Em.VoicedClosure : Em.Closure, Em.Burst];
  }
}

/**
 * Prefix sums of each class's emissions over frames [f0, f1), so any segment's emission total is O(1).
 * `sums[t * Em.Count + c]` = Σ_{f0 ≤ f < f0 + t} em(f, c).
 */
function emissionSums(f0: number, f1: number, em: (frame: number, cls: Em) => number): Float64Array {
  const T = f1 - f0;
  const sums = new Float64Array((T + 1) * Em.Count);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < Em.Count; c++) sums[(t + 1) * Em.Count + c] = sums[t * Em.Count + c] + em(f0 + t, c as Em);
  }
  return sums;
}

/** Emission total of a phone occupying [a, b) (frame offsets): stops are closure then a one-frame release. */
function segmentEmission(sums: Float64Array, ems: readonly Em[], a: number, b: number): number {
  const C = Em.Count;
  const c0 = ems[0];
  if (ems.length === 1) return sums[b * C + c0] - sums[a * C + c0];
  const c1 = ems[1];
  // Stops: closure, then the release in the last frame. Affricates: closure for the first third, frication after.
  const m = c1 === Em.Burst ? b - 1 : Math.min(b, a + Math.max(1, Math.round((b - a) / 3)));
  return sums[m * C + c0] - sums[a * C + c0] + sums[b * C + c1] - sums[m * C + c1];
}

function durationPenalty(d: number, logMu: number): number {
  const z = (Math.log(d) - logMu) / DUR_SIGMA;
  return 0.5 * z * z;
}

/**
 * Streaming segmental aligner. Units: optional leading silence, then each word's phones with an optional pause
 * after the word, then (while text may still come) an unknown-speech stretch. Decoding restarts at the last
 * committed unit boundary and ends anywhere (open end); a unit still running at the newest frame pays only for
 * being longer than typical.
 */
export class Aligner {
  readonly phones: AlignedPhone[] = [];
  /** Index into `phones` of each word's first phone. */
  readonly wordStarts: number[] = [];
  private readonly units: Unit[] = [];
  private textDone = false;
  /** Per frame: phone index, -1 silence, -2 unknown / not aligned. */
  private labels = new Int32Array(256);
  private labelCount = 0;
  /** Committed frames [0, fc); units [0, uc) are complete. */
  private fc = 0;
  private uc = 0;
  private unitFrames = PRIOR_UNIT;
  private committedUnits = 0;
  private committedFrames_ = 0;
  private words = 0;

  constructor() {
    this.units.push({ phone: -1, ems: [Em.Sil], dur: 1, optional: true, entry: 0 });
    this.units.push({ phone: -2, ems: [Em.Unknown], dur: 1, optional: false, entry: 0 });
  }

  get frameLabels(): Int32Array {
    return this.labels;
  }

  get labelledFrames(): number {
    return this.labelCount;
  }

  get committedFrames(): number {
    return this.fc;
  }

  /** Appends words (from the transcript) before the trailing unknown-speech unit. */
  addWords(words: readonly TextWord[]): void {
    if (!words.length || this.textDone) return;
    const unknown = this.units.pop() as Unit;
    for (const w of words) {
      const wi = this.words++;
      this.wordStarts.push(this.phones.length);
      for (const p of w.phones) {
        const info = phoneInfo(p);
        const idx = this.phones.length;
        this.phones.push({ phone: p, word: wi });
        this.units.push({ phone: idx, ems: statesOf(info.cls, info.voiced, p), dur: info.duration, optional: false, entry: 0 });
      }
      this.units.push({ phone: -1, ems: [Em.Sil], dur: 1, optional: true, entry: PAUSE_ENTRY[w.pauseAfter] });
    }
    this.units.push(unknown);
  }

  /** No more text: the path must end in the last word or the final silence. */
  finishText(): void {
    if (this.textDone) return;
    this.textDone = true;
    if (this.units[this.units.length - 1].phone === -2) this.units.pop();
  }

  /** The phones of word `w`. */
  wordPhones(w: number): Phone[] {
    const end = w + 1 < this.wordStarts.length ? this.wordStarts[w + 1] : this.phones.length;
    const out: Phone[] = [];
    for (let i = this.wordStarts[w]; i < end; i++) out.push(this.phones[i].phone);
    return out;
  }

  private ensureLabels(n: number): void {
    if (n > this.labels.length) {
      const grown = new Int32Array(Math.max(n, this.labels.length * 2));
      grown.set(this.labels);
      this.labels = grown;
    }
  }

  /**
   * Re-decodes the uncommitted window. `em(frame, cls)` gives emission log-scores for arrived frames
   * [0, frameCount). Returns the first frame whose label may have changed.
   */
  update(em: (frame: number, cls: Em) => number, frameCount: number, audioDone: boolean): number {
    const from = this.fc;
    const T = frameCount - from;
    if (T <= 0 || this.uc >= this.units.length) return frameCount;
    const sums = emissionSums(from, frameCount, em);
    // Units that can be reached in T frames (a phone needs ≥ 1 frame; pauses may be skipped).
    const u0 = this.uc;
    let U = 0;
    for (let k = u0, frames = 0; k < this.units.length && frames <= T + 2; k++, U++) if (!this.units[k].optional) frames += 2;
    const W = T + 1;
    const NEG = -1e18;
    // best[i * W + b]: units u0..u0+i-1 done, unit u0+i-1 ending exactly at frame offset b.
    // Index 0 = the committed boundary (b = 0 only).
    const best = new Float64Array((U + 1) * W).fill(NEG);
    const from_ = new Int32Array((U + 1) * W).fill(-1); // start frame of unit i-1's segment
    const prevI = new Int32Array((U + 1) * W).fill(-1); // predecessor row (skips over optional pauses)
    best[0] = 0;
    const logMu = new Float64Array(U);
    const maxD = new Int32Array(U);
    let dMax = 1;
    for (let i = 0; i < U; i++) {
      const u = this.units[u0 + i];
      const mu = Math.max(1, u.dur * this.unitFrames);
      logMu[i] = Math.log(mu);
      maxD[i] = Math.max(4, Math.ceil(mu * MAX_DUR_FACTOR));
      if (maxD[i] > dMax) dMax = maxD[i];
    }
    const logD = new Float64Array(dMax + 1);
    for (let d = 1; d <= dMax; d++) logD[d] = Math.log(d);
    // First frame offset at which each row is reachable (skips hopeless start frames).
    const first = new Int32Array(U + 1).fill(W);
    first[0] = 0;
    for (let i = 1; i <= U; i++) {
      const u = this.units[u0 + i - 1];
      // Rows this unit can follow: the previous one, or the one before it if that is an optional pause.
      const preds: number[] = [i - 1];
      if (i >= 2 && this.units[u0 + i - 2].optional) preds.push(i - 2);
      let reach = W;
      for (const p of preds) reach = Math.min(reach, first[p]);
      if (reach >= T) break;
      if (u.phone >= 0) {
        for (let b = reach + 1; b <= T; b++) {
          let bv = NEG;
          let ba = -1;
          let bp = -1;
          // A segment still running at the newest frame only pays for running long.
          const open = b === T && !audioDone;
          const lm = logMu[i - 1];
          for (const p of preds) {
            const lo = Math.max(first[p], b - maxD[i - 1]);
            for (let a = lo; a < b; a++) {
              const prev = best[p * W + a];
              if (prev <= NEG / 2) continue;
              const z = (logD[b - a] - lm) / DUR_SIGMA;
              const dp = open && z < 0 ? 0 : 0.5 * z * z;
              const v = prev + segmentEmission(sums, u.ems, a, b) - dp;
              if (v > bv) {
                bv = v;
                ba = a;
                bp = p;
              }
            }
          }
          best[i * W + b] = bv;
          from_[i * W + b] = ba;
          prevI[i * W + b] = bp;
          if (bv > NEG / 2 && b < first[i]) first[i] = b;
        }
      } else {
        // Pause / unknown: any length ≥ 1, a small cost per frame, entered from the previous unit's end.
        const emc = u.ems[0];
        for (let b = reach + 1; b <= T; b++) {
          const e = sums[b * Em.Count + emc] - sums[(b - 1) * Em.Count + emc];
          // Continue the stretch that ended at b-1…
          let bv = best[i * W + b - 1] > NEG / 2 ? best[i * W + b - 1] + e - PAUSE_STAY : NEG;
          let ba = bv > NEG / 2 ? from_[i * W + b - 1] : -1;
          let bp = bv > NEG / 2 ? prevI[i * W + b - 1] : -1;
          // …or start it at b-1.
          for (const p of preds) {
            const prev = best[p * W + b - 1];
            if (prev <= NEG / 2) continue;
            const v = prev + e - u.entry;
            if (v > bv) {
              bv = v;
              ba = b - 1;
              bp = p;
            }
          }
          best[i * W + b] = bv;
          from_[i * W + b] = ba;
          prevI[i * W + b] = bp;
          if (bv > NEG / 2 && b < first[i]) first[i] = b;
        }
      }
    }
    // End: any unit at the last frame (open end) unless text and audio are both complete.
    const closed = this.textDone && audioDone;
    let endI = -1;
    let endV = NEG;
    for (let i = 1; i <= U; i++) {
      if (closed && u0 + i < this.lastRequiredUnit()) continue;
      const v = best[i * W + T];
      if (v > endV) {
        endV = v;
        endI = i;
      }
    }
    this.ensureLabels(frameCount);
    if (endI < 0) {
      // Nothing fits (e.g. text ran out and was closed): leave the frames unaligned.
      for (let f = from; f < frameCount; f++) this.labels[f] = -2;
      this.labelCount = frameCount;
      return from;
    }
    // Backtrack into segments (unit row, start, end).
    const segs: Array<[number, number, number]> = [];
    let i = endI;
    let b = T;
    while (i > 0) {
      const a = from_[i * W + b];
      const p = prevI[i * W + b];
      segs.push([i, a, b]);
      i = p;
      b = a;
    }
    segs.reverse();
    for (const [row, a, bb] of segs) {
      const label = this.units[u0 + row - 1].phone;
      for (let f = a; f < bb; f++) this.labels[from + f] = label;
    }
    this.labelCount = frameCount;
    // Commit whole units that end far enough behind the newest frame, never in the last known word or in
    // unknown speech while text may still come (the path there only fits because the rest is missing).
    const commitTo = closed ? T : Math.max(0, T - COMMIT_LAG);
    const lastWord = this.words - 1;
    let newFc = 0;
    let newUc = -1;
    let units = 0;
    let frames = 0;
    for (const [row, a, bb] of segs) {
      const u = this.units[u0 + row - 1];
      const pending = !this.textDone && (u.phone === -2 || (u.phone >= 0 && this.phones[u.phone].word >= lastWord));
      if (bb > commitTo || (pending && T - a <= MAX_WINDOW)) break;
      newFc = bb;
      newUc = u0 + row;
      if (u.phone >= 0) {
        units += u.dur;
        frames += bb - a;
      }
    }
    if (newUc >= 0) {
      this.fc = from + newFc;
      this.uc = newUc;
      this.committedUnits += units;
      this.committedFrames_ += frames;
      if (this.committedUnits > 6) {
        const measured = this.committedFrames_ / this.committedUnits;
        const w = Math.min(0.7, this.committedUnits / 40);
        this.unitFrames = Math.min(MAX_UNIT, Math.max(MIN_UNIT, w * measured + (1 - w) * PRIOR_UNIT));
      }
    }
    return from;
  }

  private lastRequiredUnit(): number {
    // Index just past the last phone unit: the path must reach it (a trailing pause is optional).
    let k = this.units.length - 1;
    while (k > 0 && this.units[k].phone < 0) k--;
    return k + 1;
  }

  /** Forgets frames at and after `frame` (truncation): they will never be decoded. */
  cut(frame: number): void {
    this.labelCount = Math.min(this.labelCount, frame);
    this.fc = Math.min(this.fc, frame);
  }
}

export interface PhoneSpan {
  phone: Phone;
  f0: number;
  f1: number;
}

/**
 * B1 refinement: places a word's phones inside its timestamp interval [f0, f1) (frames) with a segmental
 * (semi-Markov) Viterbi: every phone is one segment scored by its class emissions plus a log-normal prior on its
 * duration, so a liquid cannot swallow the vowel next to it the way a frame-level HMM lets it. Returns null when
 * the interval is shorter than one frame per phone.
 */
export function alignWord(phones: readonly Phone[], f0: number, f1: number, em: (frame: number, cls: Em) => number): PhoneSpan[] | null {
  const N = phones.length;
  const T = f1 - f0;
  if (N === 0 || T < N) return null;
  const sums = emissionSums(f0, f1, em);
  const classes = phones.map((p) => {
    const info = phoneInfo(p);
    return statesOf(info.cls, info.voiced, p);
  });
  // Typical durations, rescaled so the word's phones fill its interval on average.
  let total = 0;
  for (const p of phones) total += phoneInfo(p).duration;
  const scale = T / Math.max(1e-6, total);
  const logMu = phones.map((p) => Math.log(Math.max(1, phoneInfo(p).duration * scale)));
  const NEG = -1e18;
  // best[i][b]: phones 0..i-1 cover [0, b).
  const best = new Float64Array((N + 1) * (T + 1)).fill(NEG);
  const arg = new Int32Array((N + 1) * (T + 1));
  best[0] = 0;
  for (let i = 1; i <= N; i++) {
    const ems = classes[i - 1];
    const mu = logMu[i - 1];
    // Phone i-1 ends at b; leave at least one frame for each remaining phone.
    for (let b = i; b <= T - (N - i); b++) {
      let bv = NEG;
      let ba = -1;
      for (let a = i - 1; a < b; a++) {
        const prev = best[(i - 1) * (T + 1) + a];
        if (prev <= NEG / 2) continue;
        const v = prev + segmentEmission(sums, ems, a, b) - durationPenalty(b - a, mu);
        if (v > bv) {
          bv = v;
          ba = a;
        }
      }
      best[i * (T + 1) + b] = bv;
      arg[i * (T + 1) + b] = ba;
    }
  }
  if (best[N * (T + 1) + T] <= NEG / 2) return null;
  const spans: PhoneSpan[] = [];
  let b = T;
  for (let i = N; i >= 1; i--) {
    const a = arg[i * (T + 1) + b];
    spans.push({ phone: phones[i - 1], f0: f0 + a, f1: f0 + b });
    b = a;
  }
  return spans.reverse();
}
