/**
 * Early ducking for barge-in. Server VAD needs a few hundred milliseconds of speech before it says
 * `speech_started`; until then the user talks over the assistant at full volume. This compares the level of each
 * microphone frame with what the assistant's own voice can explain (its recent output level times the echo
 * coupling measured while the user is quiet) and lowers the assistant as soon as the microphone clearly carries
 * more. The server's confirmation then silences the reply (barge-in); without one (a cough, a door) the volume
 * comes back.
 *
 * Pure and DOM-free: the session feeds it output and microphone levels and applies the gain it asks for.
 */

export interface SpeechDuckOptions {
  /** Gain while ducked (0..1). */
  duckGain: number;
  /** Consecutive loud frames before ducking (each frame is one capture frame, 20 ms). */
  onsetFrames: number;
  /** How far above the explained echo a frame must be to count as the user (amplitude ratio). */
  ratio: number;
  /** Below this RMS nothing counts as the user, whatever the echo. */
  minRms: number;
  /** Without the server's confirmation, restore this long after the last loud frame... */
  holdMs: number;
  /** ...or this long after the duck, loud or not (the server confirms a real user well before). */
  maxUnconfirmedMs: number;
  /** Output levels this recent can still be in the microphone (output latency, room, input latency). */
  echoWindowMs: number;
  /** Echo coupling (microphone RMS / output RMS) assumed until enough has been measured. */
  initialCoupling: number;
  /** The coupling is this percentile of the recent measured ratios (robust to a few frames of the user). */
  couplingPercentile: number;
  /** A false alarm raises the coupling by at most this factor; the raise then fades with this half-life. */
  alarmStep: number;
  alarmHalfLifeMs: number;
}

export const DEFAULT_DUCK: SpeechDuckOptions = {
  duckGain: 0.3,
  onsetFrames: 2,
  ratio: 3,
  minRms: 0.012,
  holdMs: 700,
  maxUnconfirmedMs: 1500,
  echoWindowMs: 300,
  initialCoupling: 0.1,
  couplingPercentile: 0.9,
  alarmStep: 3,
  alarmHalfLifeMs: 1500,
};

/** Output levels quieter than this say nothing about the coupling. */
const REF_MIN = 0.01;
const MAX_OUTPUT_LEVELS = 64;
/** Measured ratios kept (frames of 20 ms: the last ~3 s of the assistant talking). */
const RATIOS = 150;
/** Ratios needed before the measurement replaces the initial guess. */
const MIN_RATIOS = 25;
/** The coupling never goes below this (a perfectly silent microphone would otherwise make any noise "loud"). */
const MIN_COUPLING = 0.01;

export class SpeechDuck {
  readonly options: SpeechDuckOptions;
  #loudRun = 0;
  #ducked = false;
  #confirmed = false;
  #lastLoudMs = 0;
  #duckedAtMs = 0;
  /** Largest microphone/output ratio of the loud frames since the duck (what a false alarm teaches). */
  #alarmRatio = 0;
  #alarmCoupling = 0;
  #alarmAtMs = 0;
  // Ring of recent output levels (time, RMS), oldest overwritten.
  readonly #outMs = new Float64Array(MAX_OUTPUT_LEVELS);
  readonly #outLevel = new Float64Array(MAX_OUTPUT_LEVELS);
  #outNext = 0;
  // Ring of microphone/output ratios of frames the echo explained, and a scratch copy for the percentile.
  readonly #ratios = new Float64Array(RATIOS);
  readonly #sorted = new Float64Array(RATIOS);
  #ratioCount = 0;
  #ratioNext = 0;
  #measured: number;

  constructor(options: Partial<SpeechDuckOptions> = {}) {
    this.options = { ...DEFAULT_DUCK, ...options };
    this.#measured = this.options.initialCoupling;
  }

  get ducked(): boolean {
    return this.#ducked;
  }

  /** The echo coupling in use at `nowMs` (for tests and debugging). */
  coupling(nowMs: number): number {
    const fade = Math.pow(0.5, Math.max(0, nowMs - this.#alarmAtMs) / this.options.alarmHalfLifeMs);
    return Math.max(this.#measured, this.#alarmCoupling * fade);
  }

  /** The assistant's output level (RMS of what was rendered since the previous report) at `nowMs`. */
  output(level: number, nowMs: number): void {
    this.#outMs[this.#outNext] = nowMs;
    this.#outLevel[this.#outNext] = level;
    this.#outNext = (this.#outNext + 1) % MAX_OUTPUT_LEVELS;
  }

  #reference(nowMs: number): number {
    let ref = 0;
    const from = nowMs - this.options.echoWindowMs;
    for (let i = 0; i < MAX_OUTPUT_LEVELS; i++) {
      if (this.#outMs[i] >= from && this.#outMs[i] <= nowMs && this.#outLevel[i] > ref) ref = this.#outLevel[i];
    }
    return ref;
  }

  #learn(ratio: number): void {
    this.#ratios[this.#ratioNext] = ratio;
    this.#ratioNext = (this.#ratioNext + 1) % RATIOS;
    this.#ratioCount = Math.min(RATIOS, this.#ratioCount + 1);
    if (this.#ratioCount < MIN_RATIOS) return;
    const n = this.#ratioCount;
    const view = this.#sorted.subarray(0, n);
    view.set(this.#ratios.subarray(0, n));
    view.sort();
    this.#measured = Math.max(MIN_COUPLING, view[Math.min(n - 1, Math.floor(n * this.options.couplingPercentile))]);
  }

  /**
   * One microphone frame. `assistantAudible`: assistant audio is playing now. Returns the gain to apply when it
   * changes (`duckGain` or 1), otherwise null.
   */
  frame(rms: number, nowMs: number, assistantAudible: boolean): number | null {
    const o = this.options;
    if (!assistantAudible) return this.reset();
    const ref = this.#reference(nowMs);
    const loud = rms >= o.minRms && rms >= o.ratio * this.coupling(nowMs) * ref;
    if (loud) {
      this.#loudRun++;
      this.#lastLoudMs = nowMs;
      if (ref >= REF_MIN) this.#alarmRatio = Math.max(this.#alarmRatio, rms / ref);
    } else {
      this.#loudRun = 0;
      // Frames the echo explains measure the coupling. A high percentile of the last seconds follows the echo's
      // peaks; the few frames of a user's rising syllable before it crosses the bar barely move it. While ducked
      // the microphone probably carries the user: nothing is learnt.
      if (ref >= REF_MIN && !this.#ducked) this.#learn(rms / ref);
    }
    if (!this.#ducked && this.#loudRun >= o.onsetFrames) {
      this.#ducked = true;
      this.#confirmed = false;
      this.#duckedAtMs = nowMs;
      return o.duckGain;
    }
    const unconfirmed = this.#ducked && !this.#confirmed;
    if (unconfirmed && ((!loud && nowMs - this.#lastLoudMs >= o.holdMs) || nowMs - this.#duckedAtMs >= o.maxUnconfirmedMs)) {
      // A false alarm: what was loud was probably the assistant's own echo, so explain that much of it for a
      // while. A real user is confirmed by the server instead and teaches nothing.
      const current = this.coupling(nowMs);
      this.#alarmCoupling = Math.max(current, Math.min(this.#alarmRatio, current * o.alarmStep));
      this.#alarmAtMs = nowMs;
      this.#ducked = false;
      return 1;
    }
    if (!this.#ducked && !loud) this.#alarmRatio = 0;
    return null;
  }

  /** The server heard speech: stay ducked until the reply is flushed (then `reset()`). */
  confirm(): void {
    if (this.#ducked) this.#confirmed = true;
  }

  /** Playback stopped or was flushed: full volume for what comes next. Returns 1 when that is a change. */
  reset(): number | null {
    this.#loudRun = 0;
    this.#alarmRatio = 0;
    if (!this.#ducked) return null;
    this.#ducked = false;
    this.#confirmed = false;
    return 1;
  }
}
