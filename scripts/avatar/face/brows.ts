// Eyebrows, blush and the nose line: small painted shapes.
import type { Geometry } from '../lib/mesh.js';
import { lerp } from '../lib/vec.js';
import type { FaceContext } from './context.js';
import { decalDisc, decalGrid, decalMap } from './decal.js';
import { EYE, LAYER, NOSE_ANCHOR } from './layout.js';
import type { FacePose } from './pose.js';

/** Rest brow: inner and outer end (layout x, y relative to the eye centre) and arch height. */
const BROW = { inner: [-0.0105, 0.0245], outer: [0.0125, 0.0262], arch: 0.0032, thickInner: 0.0029, thickOuter: 0.0017 } as const;

export function buildBrow(ctx: FaceContext, pose: FacePose, side: 1 | -1): Geometry {
  const b = pose.brows[side === 1 ? 0 : 1];
  const map = decalMap(ctx, EYE.center, side, pose.cheek);
  const ix = BROW.inner[0] - b.squeeze;
  const iy = BROW.inner[1] + b.raise + b.inner;
  const ox = BROW.outer[0];
  const oy = BROW.outer[1] + b.raise + b.outer;
  const arch = BROW.arch + b.arch;
  const cols = 14;
  return decalGrid(map, cols, 2, (i, j) => {
    const t = i / (cols - 1);
    const x = lerp(ix, ox, t);
    const y = lerp(iy, oy, t) + arch * 4 * t * (1 - t);
    // Rounded ends: thickness eases to a point at both tips, heavier at the inner end.
    const th = lerp(BROW.thickInner, BROW.thickOuter, t) * Math.sqrt(Math.sin(Math.PI * lerp(0.04, 0.96, t)));
    return [x, y + (j === 0 ? -0.5 : 0.5) * th, LAYER.brow];
  });
}

/** A short curved stroke under the nose tip, on the side away from the key light. */
export function buildNoseLine(ctx: FaceContext, pose: FacePose): Geometry {
  const map = decalMap(ctx, NOSE_ANCHOR, 1, pose.cheek);
  const cols = 8;
  return decalGrid(map, cols, 2, (i, j) => {
    const t = i / (cols - 1);
    const x = lerp(-0.0028, 0.0036, t);
    const th = 0.00085 * Math.sin(Math.PI * lerp(0.08, 0.92, t)) ** 0.7;
    return [x, 0.0011 * (x / 0.0036) ** 2 + (j === 0 ? -0.5 : 0.5) * th, LAYER.brow];
  });
}

export function buildBlush(ctx: FaceContext, pose: FacePose, side: 1 | -1): Geometry {
  const map = decalMap(ctx, EYE.center, side, pose.cheek);
  // Two stacked translucent ovals: a soft edge without a texture.
  const outer = decalDisc(map, [0.0035, -0.0215], [0.0105, 0.0058], [1], 20, LAYER.blush);
  const inner = decalDisc(map, [0.0035, -0.0215], [0.0068, 0.0036], [1], 16, LAYER.blush + 0.0001);
  return { positions: [...outer.positions, ...inner.positions], normals: [...outer.normals!, ...inner.normals!], indices: [...outer.indices, ...inner.indices.map((i) => i + outer.positions.length)] };
}
