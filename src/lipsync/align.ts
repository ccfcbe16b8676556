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
  const sil = pen(t, -INF, -45, 5);
  out[offset + Em.Sil] = sil;
  out[offset + Em.Closure] = pen(t, -INF, -36, 5);
  out[offset + Em.VoicedClosure] = Math.max(pen(t, -INF, -36, 5), pen(t, -INF, -18, 5) + pen(l, 0, INF, 4) + pen(h, -INF, -10, 5));
  out[offset + Em.Burst] = pen(t, -30, -4, 6) + pen(h, -12, INF, 5);
  out[offset + Em.Vowel] = pen(v, -8, INF, 5) + pen(h, -INF, -8, 4) + pen(l, -INF, 0, 5);
  out[offset + Em.Approx] = pen(v, -17, 3, 5) + pen(h, -INF, -7, 5) + pen(l, -INF, 2, 5);
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

interface State {
  /** Index into `phones`, or -1 for silence/pause, -2 for unknown speech. */
  phone: number;
  em: Em;
  /** Phone duration in units and the number of states sharing it (for stay/advance costs). */
  dur: number;
  n: number;
  /** Extra cost to enter (pauses: cheaper after punctuation). */
  entry: number;
  /** A pause that may be skipped. */
  optional: boolean;
}

export interface AlignedPhone {
  phone: Phone;
  word: number;
}

const COMMIT_LAG = 40; // frames (400 ms) behind the newest frame
const MAX_WINDOW = 800; // frames: beyond this, the oldest frames are committed whatever they are
const PAUSE_ENTRY = [3.0, 0.8, 0.3];
/** Prior: frames per duration unit (~85 ms per average phone). */
const PRIOR_UNIT = 8.5;

function statesOf(cls: PhoneClass, voiced: boolean, phone: Phone): Em[] {
  switch (cls) {
    case 'vowel':
      return phoneInfo(phone).targets.length === 2 ? [Em.Vowel, Em.Vowel, Em.Vowel, Em.Vowel] : [Em.Vowel, Em.Vowel, Em.Vowel];
    case 'glide':
    case 'liquid':
      return [Em.Approx, Em.Approx];
    case 'nasal':
      return [Em.Nasal, Em.Nasal];
    case 'sibilant':
      return [Em.Sibilant, Em.Sibilant];
    case 'fricative':
      return [Em.Fricative, Em.Fricative];
    case 'aspirate':
      return [Em.Aspirate, Em.Aspirate];
    case 'stop':
      if (phone === 'CH' || phone === 'JH') return [voiced ? Em.VoicedClosure : Em.Closure, Em.Sibilant, Em.Sibilant];
      return [voiced ? Em.VoicedClosure : Em.Closure, Em.Burst];
  }
}

export class Aligner {
  readonly phones: AlignedPhone[] = [];
  /** Index into `phones` of each word's first phone. */
  readonly wordStarts: number[] = [];
  private readonly states: State[] = [];
  private textDone = false;
  /** Per frame: phone index, -1 silence, -2 unknown / not aligned. */
  private labels = new Int32Array(256);
  private labelCount = 0;
  /** Committed frames [0, fc) and the state at fc - 1. */
  private fc = 0;
  private sc = 0;
  private unitFrames = PRIOR_UNIT;
  private committedUnits = 0;
  private committedSpeechFrames = 0;
  private words = 0;
  // Decoding scratch, reused.
  private score = new Float64Array(0);
  private back = new Int32Array(0);

  constructor() {
    // Leading silence.
    this.states.push({ phone: -1, em: Em.Sil, dur: 1, n: 1, entry: 0, optional: true });
    this.states.push({ phone: -2, em: Em.Unknown, dur: 1, n: 1, entry: 0, optional: false });
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

  /** Appends words (from the transcript); their states replace the trailing unknown-speech state. */
  addWords(words: readonly TextWord[]): void {
    if (!words.length || this.textDone) return;
    const unknown = this.states.pop() as State;
    for (const w of words) {
      const wi = this.words++;
      this.wordStarts.push(this.phones.length);
      for (const p of w.phones) {
        const info = phoneInfo(p);
        const idx = this.phones.length;
        this.phones.push({ phone: p, word: wi });
        const ems = statesOf(info.cls, info.voiced, p);
        for (const em of ems) this.states.push({ phone: idx, em, dur: info.duration, n: ems.length, entry: 0, optional: false });
      }
      this.states.push({ phone: -1, em: Em.Sil, dur: 1, n: 1, entry: PAUSE_ENTRY[w.pauseAfter], optional: true });
    }
    this.states.push(unknown);
  }

  /** No more text: the path must end in the last word or the final silence. */
  finishText(): void {
    if (this.textDone) return;
    this.textDone = true;
    if (this.states[this.states.length - 1].phone === -2) this.states.pop();
    const last = this.states[this.states.length - 1];
    if (last && last.phone === -1) last.optional = false;
  }

  private ensureLabels(n: number): void {
    if (n > this.labels.length) {
      const grown = new Int32Array(Math.max(n, this.labels.length * 2));
      grown.set(this.labels);
      this.labels = grown;
    }
  }

  private stayCost(s: State): number {
    if (s.phone < 0) return 0.05;
    // A release burst lasts a frame or two.
    if (s.em === Em.Burst) return 2.5;
    const expected = (s.dur * this.unitFrames) / s.n;
    const pStay = Math.min(0.9, Math.max(0.05, 1 - 1 / Math.max(1, expected)));
    return -Math.log(pStay);
  }

  private advanceCost(s: State): number {
    if (s.phone < 0) return 0.3;
    const expected = (s.dur * this.unitFrames) / s.n;
    const pStay = Math.min(0.9, Math.max(0.05, 1 - 1 / Math.max(1, expected)));
    return -Math.log(1 - pStay);
  }

  /**
   * Re-decodes the uncommitted window. `em(frame, cls)` gives emission log-scores for arrived frames
   * [0, frameCount). Returns the first frame whose label may have changed.
   */
  update(em: (frame: number, cls: Em) => number, frameCount: number, audioDone: boolean): number {
    const from = this.fc;
    const T = frameCount - from;
    if (T <= 0) return frameCount;
    const s0 = this.sc;
    // States reachable: at most one advance (plus pause skips) per frame.
    let sEnd = s0;
    for (let k = 0; k < T * 2 + 2 && sEnd < this.states.length - 1; k++) sEnd++;
    const S = sEnd - s0 + 1;
    if (this.score.length < S * 2) this.score = new Float64Array(S * 2);
    if (this.back.length < S * T) this.back = new Int32Array(Math.max(S * T, this.back.length * 2));
    let prev = this.score.subarray(0, S);
    let cur = this.score.subarray(S, 2 * S);
    const NEG = -1e18;
    prev.fill(NEG);
    // The frame before the window sat in state s0 (or nothing yet: start in the leading silence).
    prev[0] = 0;
    const stay = new Float64Array(S);
    const adv = new Float64Array(S);
    for (let j = 0; j < S; j++) {
      const st = this.states[s0 + j];
      stay[j] = this.stayCost(st);
      adv[j] = this.advanceCost(st);
    }
    for (let t = 0; t < T; t++) {
      const f = from + t;
      for (let j = 0; j < S; j++) {
        const st = this.states[s0 + j];
        // Stay.
        let best = prev[j] - stay[j];
        let arg = j;
        // Advance from j-1.
        if (j >= 1) {
          const c = prev[j - 1] - adv[j - 1] - st.entry;
          if (c > best) {
            best = c;
            arg = j - 1;
          }
        }
        // Skip an optional pause at j-1.
        if (j >= 2 && this.states[s0 + j - 1].optional) {
          const c = prev[j - 2] - adv[j - 2] - st.entry;
          if (c > best) {
            best = c;
            arg = j - 2;
          }
        }
        cur[j] = best <= NEG / 2 ? NEG : best + em(f, st.em);
        this.back[t * S + j] = arg;
      }
      const tmp = prev;
      prev = cur;
      cur = tmp;
    }
    // Best end state: any (open end) unless both text and audio are complete.
    const closed = this.textDone && audioDone;
    let endJ = -1;
    let endScore = NEG;
    for (let j = 0; j < S; j++) {
      const ok = !closed || s0 + j >= this.lastRequiredState();
      if (ok && prev[j] > endScore) {
        endScore = prev[j];
        endJ = j;
      }
    }
    if (endJ < 0) endJ = S - 1;
    // Backtrack into labels.
    this.ensureLabels(frameCount);
    const path = new Int32Array(T);
    let j = endJ;
    for (let t = T - 1; t >= 0; t--) {
      path[t] = j;
      j = this.back[t * S + j];
    }
    for (let t = 0; t < T; t++) {
      const st = this.states[s0 + path[t]];
      this.labels[from + t] = st.phone;
    }
    this.labelCount = frameCount;
    // Commit what is old enough to be stable.
    const commitTo = audioDone && this.textDone ? frameCount : Math.max(from, frameCount - COMMIT_LAG, frameCount - MAX_WINDOW);
    // While text may still come, never commit frames in the last known word or in unknown speech: the path
    // there only fits because the rest of the text is missing (unless the window grows too long).
    const lastWord = this.words - 1;
    let c = from;
    while (c < commitTo) {
      const st = this.states[s0 + path[c - from]];
      const open = !this.textDone && (st.phone === -2 || (st.phone >= 0 && this.phones[st.phone].word >= lastWord));
      if (open && frameCount - c <= MAX_WINDOW) break;
      c++;
    }
    if (c > from) {
      const lastState = s0 + path[c - 1 - from];
      // Speaking-rate estimate from committed phones.
      let units = 0;
      let speech = 0;
      let lastPhone = this.sc < this.states.length ? this.states[this.sc].phone : -1;
      for (let t = from; t < c; t++) {
        const p = this.labels[t];
        if (p >= 0) {
          speech++;
          if (p !== lastPhone) units += phoneInfo(this.phones[p].phone).duration;
        }
        lastPhone = p;
      }
      this.committedUnits += units;
      this.committedSpeechFrames += speech;
      if (this.committedUnits > 4) {
        const measured = this.committedSpeechFrames / this.committedUnits;
        const w = Math.min(1, this.committedUnits / 30);
        this.unitFrames = Math.min(14, Math.max(5, w * measured + (1 - w) * PRIOR_UNIT));
      }
      this.fc = c;
      this.sc = lastState;
    }
    return from;
  }

  private lastRequiredState(): number {
    // The last phone state or the final pause.
    let k = this.states.length - 1;
    while (k > 0 && this.states[k].phone < 0) k--;
    return k;
  }

  /** The phones of word `w`. */
  wordPhones(w: number): Phone[] {
    const end = w + 1 < this.wordStarts.length ? this.wordStarts[w + 1] : this.phones.length;
    const out: Phone[] = [];
    for (let i = this.wordStarts[w]; i < end; i++) out.push(this.phones[i].phone);
    return out;
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

/** Log-normal duration prior: spread of ln(duration) around a phone's typical length. */
const DUR_SIGMA = 0.45;
const DUR_WEIGHT = 1;

/**
 * Prefix sums of each class's emissions over frames [f0, f1), so any segment's emission total is O(1).
 * `sums[(t) * Em.Count + c]` = Σ_{f < f0 + t} em(f, c).
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
  const sum = (c: Em, x: number, y: number) => sums[y * Em.Count + c] - sums[x * Em.Count + c];
  if (ems.length >= 2 && ems[ems.length - 1] === Em.Burst) {
    // Closure frames, then the release in the last frame.
    return sum(ems[0], a, b - 1) + sum(Em.Burst, b - 1, b);
  }
  if (ems[0] === Em.Closure || ems[0] === Em.VoicedClosure) {
    // Affricate: closure for the first third, frication after.
    const m = a + Math.max(1, Math.round((b - a) / 3));
    return sum(ems[0], a, Math.min(m, b)) + sum(ems[ems.length - 1], Math.min(m, b), b);
  }
  return sum(ems[0], a, b);
}

/**
 * B1 refinement: places a word's phones inside its timestamp interval [f0, f1) (frames) with a segmental
 * (semi-Markov) Viterbi: every phone is one segment scored by its class emissions plus a log-normal prior on its
 * duration, so a liquid cannot swallow the vowel next to it the way a frame-level HMM lets it. Returns null when
 * the interval is shorter than one frame per phone.
 */
export function alignWord(
  phones: readonly Phone[],
  f0: number,
  f1: number,
  em: (frame: number, cls: Em) => number,
  unitFrames = PRIOR_UNIT,
): PhoneSpan[] | null {
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
  void unitFrames;
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
        const z = (Math.log(b - a) - mu) / DUR_SIGMA;
        const v = prev + segmentEmission(sums, ems, a, b) - DUR_WEIGHT * 0.5 * z * z;
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
