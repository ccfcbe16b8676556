// "Painted" face features (eyes, brows, blush) are thin layers lying a fraction
// of a millimetre above the skin. A DecalMap turns flat 2D layout coordinates
// around an anchor into points on that layer, following the head's curvature.
import { gridIndices, orientByNormals, type Geometry } from '../lib/mesh.js';
import { addScaled, type Vec3 } from '../lib/vec.js';
import { cheekField, type FaceContext } from './context.js';
import { dirFromTangent, sphereFrame } from './head-shape.js';

/** Layout (x outward from the face centre line, y up, metres) + height above skin → point and normal. */
export type DecalMap = (x: number, y: number, offset: number) => { p: Vec3; n: Vec3 };

/**
 * A decal map around `anchor` (a head-local direction; mirrored by `side`).
 * `cheek` applies the smile's cheek lift so decals ride with the skin.
 */
export function decalMap(ctx: FaceContext, anchor: Vec3, side: 1 | -1, cheek: number): DecalMap {
  const frame = sphereFrame([anchor[0] * side, anchor[1], anchor[2]], [0, 1, 0]);
  const r0 = ctx.shape.radius(frame.axis);
  return (x, y, offset) => {
    const s = ctx.shape.surface(dirFromTangent(frame, [(side * x) / r0, y / r0]));
    const n = ctx.shape.normal(s);
    return { p: cheekField(addScaled(s, n, offset), cheek), n };
  };
}

/** A rows x cols grid; `at(i, j)` gives layout x, y and offset for column i of row j. */
export function decalGrid(map: DecalMap, cols: number, rows: number, at: (i: number, j: number) => readonly [number, number, number]): Geometry {
  const positions: Vec3[] = [];
  const normals: Vec3[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const [x, y, off] = at(i, j);
      const { p, n } = map(x, y, off);
      positions.push(p);
      normals.push(n);
    }
  }
  return orientByNormals({ positions, normals, indices: gridIndices(rows, cols, false) });
}

/** An elliptical disc: centre vertex plus rings at the given radius fractions. */
export function decalDisc(
  map: DecalMap,
  center: readonly [number, number],
  radii: readonly [number, number],
  fractions: readonly number[],
  segments: number,
  offset: number,
): Geometry {
  const positions: Vec3[] = [];
  const normals: Vec3[] = [];
  const push = (x: number, y: number): void => {
    const { p, n } = map(x, y, offset);
    positions.push(p);
    normals.push(n);
  };
  push(center[0], center[1]);
  for (const f of fractions) {
    for (let k = 0; k < segments; k++) {
      const t = (2 * Math.PI * k) / segments;
      push(center[0] + Math.cos(t) * radii[0] * f, center[1] + Math.sin(t) * radii[1] * f);
    }
  }
  const indices: number[] = [];
  for (let k = 0; k < segments; k++) indices.push(0, 1 + k, 1 + ((k + 1) % segments));
  indices.push(...gridIndices(fractions.length, segments, true, 1));
  return orientByNormals({ positions, normals, indices });
}

/** An annulus between two radius fractions (same ellipse), e.g. an iris rim. */
export function decalRing(
  map: DecalMap,
  center: readonly [number, number],
  radii: readonly [number, number],
  fractions: readonly number[],
  segments: number,
  offset: number,
): Geometry {
  return decalGrid(map, segments + 1, fractions.length, (i, j) => {
    const t = (2 * Math.PI * i) / segments;
    const f = fractions[j]!;
    return [center[0] + Math.cos(t) * radii[0] * f, center[1] + Math.sin(t) * radii[1] * f, offset];
  });
}
