// Rounding applied before anything is written. Snapping to a fixed grid makes
// the output independent of last-bit floating-point noise, and lets morph
// deltas that are "practically zero" become exactly zero (and so not stored).
import type { Vec3 } from '../lib/vec.js';

/** Positions snap to 1 µm. */
export const snapPosition = (v: number): number => Math.round(v * 1e6) / 1e6;
/** Normal components snap to 1e-5 (unit length stays well within validator tolerance). */
export const snapNormal = (v: number): number => Math.round(v * 1e5) / 1e5;
/** Morph deltas below 20 µm are dropped: invisible, and they would bloat the sparse data. */
export const DELTA_EPSILON = 2e-5;

export function packVec3(list: readonly Vec3[], snap: (v: number) => number): Float32Array {
  const out = new Float32Array(list.length * 3);
  list.forEach((p, i) => {
    out[i * 3] = snap(p[0]);
    out[i * 3 + 1] = snap(p[1]);
    out[i * 3 + 2] = snap(p[2]);
  });
  return out;
}

/** target − base per vertex, with near-zero vertices zeroed. */
export function morphDeltas(base: Float32Array, target: Float32Array): Float32Array {
  const out = new Float32Array(base.length);
  for (let v = 0; v < base.length; v += 3) {
    const dx = snapPosition(target[v]! - base[v]!);
    const dy = snapPosition(target[v + 1]! - base[v + 1]!);
    const dz = snapPosition(target[v + 2]! - base[v + 2]!);
    if (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) < DELTA_EPSILON) continue;
    out[v] = dx;
    out[v + 1] = dy;
    out[v + 2] = dz;
  }
  return out;
}

/** Top four influences, as joint indices and byte weights that sum to exactly 255. */
export function packSkin(influences: ReadonlyArray<readonly [number, number]>): { joints: number[]; weights: number[] } {
  const top = [...influences].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 4);
  const sum = top.reduce((s, [, w]) => s + w, 0);
  const bytes = top.map(([, w]) => Math.round((w / sum) * 255));
  bytes[0]! += 255 - bytes.reduce((s, b) => s + b, 0);
  const joints = top.map(([j]) => j);
  while (joints.length < 4) {
    joints.push(0);
    bytes.push(0);
  }
  return { joints, weights: bytes };
}
