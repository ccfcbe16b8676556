/**
 * Output constraints and smoothing for the five VRM mouth presets. Runs every render frame, so nothing here
 * allocates. Pure.
 */
import type { MouthKey, MouthWeights } from './types.js';

const KEYS: readonly MouthKey[] = ['aa', 'ih', 'ou', 'ee', 'oh'];

/**
 * At most two presets: the winner and the runner-up at no more than half the winner (a weighted sum of all five
 * reads as a permanent "A"); the pair never sums above 1.
 */
export function limitPresets(w: MouthWeights): void {
  let k1: MouthKey = 'aa';
  let k2: MouthKey | null = null;
  for (const k of KEYS) {
    if (w[k] > w[k1]) {
      k2 = k1;
      k1 = k;
    } else if (k !== k1 && (k2 === null || w[k] > w[k2])) k2 = k;
  }
  const v1 = w[k1];
  const v2 = k2 ? Math.min(w[k2], 0.5 * v1) : 0;
  for (const k of KEYS) w[k] = 0;
  const sum = v1 + v2;
  const scale = sum > 1 ? 1 / sum : 1;
  w[k1] = v1 * scale;
  if (k2) w[k2] = v2 * scale;
}

/** Zeroes all but the two largest presets (the smoother's cross-fades may briefly hold three). */
export function keepTopTwo(w: MouthWeights): void {
  let k1: MouthKey = 'aa';
  let k2: MouthKey = 'ih';
  if (w.ih > w.aa) {
    k1 = 'ih';
    k2 = 'aa';
  }
  for (let i = 2; i < KEYS.length; i++) {
    const k = KEYS[i];
    if (w[k] > w[k1]) {
      k2 = k1;
      k1 = k;
    } else if (w[k] > w[k2]) k2 = k;
  }
  for (const k of KEYS) if (k !== k1 && k !== k2) w[k] = 0;
}

export interface SmoothingOptions {
  /** Time constant while a weight rises (ms). */
  attackMs: number;
  /** Time constant while it falls (ms). */
  releaseMs: number;
  /** Falling time constant for forced closures (p/b/m, barge-in, silence): fast, so they are not smoothed away. */
  closeMs: number;
}

export const DEFAULT_SMOOTHING: Readonly<SmoothingOptions> = { attackMs: 22, releaseMs: 55, closeMs: 12 };

/** Asymmetric exponential smoothing per preset, with real frame dt. */
export class MouthSmoother {
  readonly value: MouthWeights = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
  options: SmoothingOptions;

  constructor(options: SmoothingOptions = DEFAULT_SMOOTHING) {
    this.options = { ...options };
  }

  step(target: MouthWeights, dtMs: number, fastClose: boolean): void {
    const { attackMs, releaseMs, closeMs } = this.options;
    const up = 1 - Math.exp(-dtMs / attackMs);
    const down = 1 - Math.exp(-dtMs / (fastClose ? closeMs : releaseMs));
    const v = this.value;
    for (const k of KEYS) {
      const cur = v[k];
      const tgt = target[k];
      let next = cur + (tgt - cur) * (tgt > cur ? up : down);
      if (next < 0.002) next = 0;
      v[k] = next;
    }
  }

  reset(): void {
    for (const k of KEYS) this.value[k] = 0;
  }
}
