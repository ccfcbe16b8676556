// The eye opening and lid curves as functions of the layout x (outward from
// the inner corner side). All curves meet at the two corners, so every lid
// pose stays inside the outline.
import { clamp } from '../lib/vec.js';
import { EYE } from './layout.js';
import type { EyePose } from './pose.js';

export interface EyeCurves {
  /** Half-width of the opening. */
  a: number;
  top(x: number): number;
  bottom(x: number): number;
  /** Edge of the upper lid (moves down to close). */
  upperLid(x: number): number;
  /** Edge of the lower lid (moves up for smiles). */
  lowerLid(x: number): number;
}

export function eyeCurves(e: EyePose): EyeCurves {
  const a = EYE.halfWidth + e.widen * 0.35;
  const bt = EYE.halfHeightTop + e.widen;
  const bb = EYE.halfHeightBottom + e.widen * 0.6;
  const n = EYE.roundness;
  const u = (x: number): number => clamp(x / a, -1, 1);
  /** Superellipse profile: 1 in the middle, 0 at the corners. */
  const psi = (x: number): number => (1 - Math.abs(u(x)) ** n) ** (1 / n);
  const tilt = (x: number): number => (EYE.cornerTilt / 2) * u(x);
  const top = (x: number): number => tilt(x) + bt * psi(x);
  const bottom = (x: number): number => tilt(x) - bb * psi(x);
  /** Closed eye: a soft downward curve ("‿") through both corners. */
  const closed = (x: number): number => tilt(x) - 0.0045 * psi(x) ** 1.3;
  /** Smiling closed eye: an upward arch ("^") through both corners. */
  const arch = (x: number): number => tilt(x) + 0.0052 * psi(x) ** 1.2;
  const upperLid = (x: number): number => {
    const slant = (e.lidInner * (1 - u(x))) / 2 + (e.lidOuter * (1 + u(x))) / 2;
    return top(x) + e.close * (closed(x) - top(x)) + e.smile * (arch(x) - top(x)) - slant * Math.sqrt(psi(x));
  };
  // Lids meet a hair below the closing line, so a full blink or smile leaves no gap.
  const lowerLid = (x: number): number =>
    bottom(x) + (e.close + e.lowerRaise) * (closed(x) - 0.0006 - bottom(x)) + e.smile * (arch(x) - 0.0006 - bottom(x));
  return { a, top, bottom, upperLid, lowerLid };
}
