// Painted eyes: white, iris (with darker rim), pupil and highlights, covered by
// skin-coloured upper and lower lids with lash lines. Blinks and smiles move
// the lids; gaze slides the iris; the lids' skin margin hides an iris that
// slides past the opening.
import { mergeGeometries, type Geometry } from '../lib/mesh.js';
import { lerp, smoothstep } from '../lib/vec.js';
import type { FaceContext } from './context.js';
import { decalDisc, decalGrid, decalMap, decalRing, type DecalMap } from './decal.js';
import { eyeCurves, type EyeCurves } from './eye-shape.js';
import { EYE, LAYER } from './layout.js';
import type { EyePose, FacePose } from './pose.js';

export interface EyeLayers {
  white: Geometry;
  iris: Geometry;
  irisRim: Geometry;
  pupil: Geometry;
  highlight: Geometry;
  lids: Geometry;
  lash: Geometry;
}

const SEG = 24;
/** Columns across the opening, denser at the corners where the outline turns. */
function acrossColumns(a: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => -a * Math.cos((Math.PI * i) / (count - 1)));
}

/** Columns that also run past both corners, for the lid margins. */
function lidColumns(a: number, count: number, margin: number): number[] {
  return [-(a + margin), -(a + margin * 0.45), ...acrossColumns(a, count), a + margin * 0.45, a + margin];
}

function irisCenter(e: EyePose, side: 1 | -1): [number, number] {
  return [EYE.irisCenter[0] + side * e.lookX, EYE.irisCenter[1] + e.lookY];
}

function buildLids(map: DecalMap, c: EyeCurves): Geometry {
  const m = EYE.lidMargin;
  const cols = lidColumns(c.a, 15, m * 0.8);
  // Height tapers toward the margin's outer edge so the lid blends into the skin.
  const offsetAt = (x: number, t: number, top: number): number => {
    const outside = smoothstep(c.a, c.a + m * 0.8, Math.abs(x));
    return lerp(top, LAYER.lidRimEdge, Math.max(smoothstep(0.45, 1, t), outside));
  };
  const upper = decalGrid(map, cols.length, 5, (i, j) => {
    const x = cols[i]!;
    const t = j / 4;
    return [x, lerp(c.upperLid(x), c.top(x) + m, t), offsetAt(x, t, LAYER.upperLid)];
  });
  const lower = decalGrid(map, cols.length, 4, (i, j) => {
    const x = cols[i]!;
    const t = j / 3;
    return [x, lerp(c.lowerLid(x), c.bottom(x) - m * 0.8, t), offsetAt(x, t, LAYER.lowerLid)];
  });
  return mergeGeometries([upper, lower]);
}

function buildLashes(map: DecalMap, c: EyeCurves): Geometry {
  const wing = 0.0042;
  const xs = [...acrossColumns(c.a, 16).slice(1), c.a + wing * 0.5, c.a + wing];
  const upper = decalGrid(map, xs.length, 2, (i, j) => {
    const x = xs[i]!;
    const past = Math.max(0, x - c.a);
    // Thin at the inner corner, bold toward the outer corner, flicking up into a small wing.
    const th = past > 0 ? 0.0017 * (1 - past / wing) + 0.0002 : lerp(0.0005, 0.0017, smoothstep(-c.a, 0.3 * c.a, x));
    const mid = past > 0 ? c.upperLid(c.a) + past * 0.55 : c.upperLid(x);
    return [Math.min(x, c.a + wing), mid + (j === 0 ? -0.35 : 0.65) * th, LAYER.upperLash];
  });
  const lxs = Array.from({ length: 9 }, (_, i) => lerp(0.15 * c.a, 0.97 * c.a, i / 8));
  const lower = decalGrid(map, lxs.length, 2, (i, j) => {
    const x = lxs[i]!;
    const th = 0.00055 * Math.sin((Math.PI * i) / 8) + 0.00005;
    return [x, c.lowerLid(x) + (j === 0 ? -0.6 : 0.4) * th, LAYER.lowerLash];
  });
  return mergeGeometries([upper, lower]);
}

export function buildEye(ctx: FaceContext, pose: FacePose, side: 1 | -1): EyeLayers {
  const e = pose.eyes[side === 1 ? 0 : 1];
  const map = decalMap(ctx, EYE.center, side, pose.cheek);
  const c = eyeCurves(e);
  const cols = acrossColumns(c.a, 13);
  const white = decalGrid(map, cols.length, 7, (i, j) => {
    const x = cols[i]!;
    return [x, lerp(c.bottom(x), c.top(x), j / 6), LAYER.white];
  });
  // Iris, pupil and highlights are laid out in screen terms (x = avatar's left), so mirror them back.
  const ic = irisCenter(e, side);
  const iris = decalDisc(map, ic, EYE.irisRadius, [0.4, 0.84], SEG, LAYER.iris);
  const irisRim = decalRing(map, ic, EYE.irisRadius, [0.84, 1], SEG, LAYER.iris);
  const pr: [number, number] = [EYE.pupilRadius[0] * e.pupil, EYE.pupilRadius[1] * e.pupil];
  const pupil = decalDisc(map, [ic[0], ic[1] - 0.0004], pr, [1], 18, LAYER.pupil);
  const spot = (dx: number, dy: number, r: number): Geometry => decalDisc(map, [ic[0] + side * dx, ic[1] + dy], [r, r], [1], 14, LAYER.highlight);
  const highlight = mergeGeometries([spot(-0.0033, 0.0037, 0.0027), spot(0.0036, -0.0041, 0.0012)]);
  return { white, iris, irisRim, pupil, highlight, lids: buildLids(map, c), lash: buildLashes(map, c) };
}
