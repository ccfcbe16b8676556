/**
 * The seam between the conversation (which knows what is heard) and the mouth (which shows it).
 * Pure types: the element, the avatar stage, the offline replay CLI and the benchmarks share them.
 */

/** VRM 1.0 mouth presets (VRM 0.x a/i/u/e/o map onto these in three-vrm). Each 0..1. */
export interface MouthWeights {
  aa: number;
  ih: number;
  ou: number;
  ee: number;
  oh: number;
}

export const MOUTH_KEYS = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;
export type MouthKey = (typeof MOUTH_KEYS)[number];

/**
 * What the playback clock says is audible right now: which assistant item and how many ms of *that item's*
 * audio have reached the listener's ears (output latency and `lipsync-offset-ms` already applied).
 */
export interface HeardPosition {
  itemId: string | null;
  ms: number;
  /** False between items, during underruns and after a flush: the mouth should be closing. */
  playing: boolean;
}

/** One sampled mouth state. `level` is overall openness 0..1 (drives head motion while speaking). */
export interface LipSyncFrame extends MouthWeights {
  level: number;
}

export const CLOSED_MOUTH: Readonly<LipSyncFrame> = Object.freeze({ aa: 0, ih: 0, ou: 0, ee: 0, oh: 0, level: 0 });
