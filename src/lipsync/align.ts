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
  out[offset + Em.Burst] = pen(t, -30, -4, 6);
  out[offset + Em.Vowel] = pen(v, -8, INF, 5) + pen(h, -INF, -8, 4) + pen(l, -INF, 0, 5);
  out[offset + Em.Approx] = pen(v, -17, 3, 5) + pen(h, -INF, -7, 5) + pen(l, -INF, 2, 5);
  out[offset + Em.Nasal] = pen(v, -24, -5, 5) + pen(l, -2, INF, 3) + pen(h, -INF, -10, 5);
  out[offset + Em.Sibilant] = pen(h, -5, INF, 3) + pen(t, -28, INF, 6) + pen(zcr, 0.18, INF, 0.08);
  out[offset + Em.Fricative] = pen(t, -38, -8, 6) + pen(v, -INF, -14, 5);
  out[offset + Em.Aspirate] = pen(t, -34, -8, 6) + pen(h, -12, INF, 5) + pen(v, -INF, -10, 5);
  out[offset + Em.Unknown] = -1.5;
  for (let c = 0; c < Em.Count; c++) if (out[offset + c] < FLOOR) out[offset + c] = FLOOR;
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
    // Never commit frames labelled unknown while text may still come (unless the window is too long).
    let c = from;
    while (c < commitTo && (this.states[s0 + path[c - from]].phone !== -2 || frameCount - c > MAX_WINDOW || this.textDone)) c++;
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

  /** Forgets frames at and after `frame` (truncation): they will never be decoded. */
  cut(frame: number): void {
    this.labelCount = Math.min(this.labelCount, frame);
    this.fc = Math.min(this.fc, frame);
  }
}
