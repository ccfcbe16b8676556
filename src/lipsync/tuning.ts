/**
 * Engine constants that the benchmark sweeps. Defaults are the tuned values; the `tuning` engine option
 * overrides them (benchmarks and tests only; not part of the element's API).
 */
export interface Tuning {
  /** Energy openness: 0 at `levelRangeDb` below the speech level, 1 at it. */
  levelRangeDb: number;
  /** Openness curve: level ^ gamma (< 1 lifts quiet parts). */
  levelGamma: number;
  /** Share of the openness a target with jaw 0 still gets (consonants are not shut, just less open). */
  jawFloor: number;
  /**
   * How openness depends on energy: `energyShare` of it scales with the level, the rest is a gate that is fully
   * open from `gateLevel` up (inside speech the phone decides how open, energy only says whether we speak).
   */
  energyShare: number;
  gateLevel: number;
  /** Energy dips shorter than about twice this (ms) between speech are bridged at `bridgeShare` of the sides. */
  bridgeMs: number;
  bridgeShare: number;
  /** Closures are looked up this far ahead of the heard position (ms). */
  closeLeadMs: number;
  /** Openness is read this far ahead, compensating the attack smoothing's lag (ms). */
  levelLeadMs: number;
  attackMs: number;
  releaseMs: number;
  closeMs: number;
  /** Coarticulation reach of each segment's envelope before/after it (ms). */
  envelopeLeadMs: number;
  envelopeTailMs: number;
  /** Refine word-timestamp words by aligning their phones inside the interval. */
  alignWords: boolean;
}

export const DEFAULT_TUNING: Readonly<Tuning> = Object.freeze({
  levelRangeDb: 35,
  levelGamma: 1,
  jawFloor: 0.35,
  energyShare: 0.35,
  gateLevel: 0.4,
  bridgeMs: 80,
  bridgeShare: 0.5,
  closeLeadMs: 10,
  levelLeadMs: 0,
  attackMs: 22,
  releaseMs: 35,
  closeMs: 12,
  envelopeLeadMs: 25,
  envelopeTailMs: 25,
  alignWords: true,
});
