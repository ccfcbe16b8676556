// Inside the mouth: a dark cavity (faces turned inward, so you see its far
// wall), upper and lower teeth, and a tongue. Lower parts ride the jaw.
import { gridIndices, orientByReference, computeNormals, type Geometry } from '../lib/mesh.js';
import { add, rotateAboutX, scale, smoothstep, sub, type Vec3 } from '../lib/vec.js';
import type { FaceContext } from './context.js';
import type { MouthPose } from './pose.js';

/** Mouth-local → head-local: head axes (x left, y up, z forward) with the origin at the middle of the lips. */
function mouthSpace(ctx: FaceContext): (x: number, y: number, z: number) => Vec3 {
  return (x, y, z) => add(ctx.mouthPoint, [x, y, z]);
}

interface Ellipsoid {
  center: Vec3;
  radii: Vec3;
}

/** UV-sphere ellipsoid in mouth space; `jaw(y)` gives how much each vertex follows the jaw. */
function ellipsoid(ctx: FaceContext, m: MouthPose, e: Ellipsoid, inward: boolean, jaw: (y: number) => number): Geometry {
  const at = mouthSpace(ctx);
  const rings = 8;
  const segs = 14;
  const positions: Vec3[] = [];
  const local: Vec3[] = [];
  for (let r = 0; r <= rings; r++) {
    const phi = (Math.PI * r) / rings;
    for (let s = 0; s < segs; s++) {
      const th = (2 * Math.PI * s) / segs;
      const l: Vec3 = [Math.sin(phi) * Math.cos(th), Math.cos(phi), Math.sin(phi) * Math.sin(th)];
      const x = e.center[0] + e.radii[0] * l[0];
      const y = e.center[1] + e.radii[1] * l[1];
      const z = e.center[2] + e.radii[2] * l[2];
      local.push(l);
      positions.push(rotateAboutX(at(x, y, z), ctx.jawPivot, m.jaw * jaw(y)));
    }
  }
  const raw = gridIndices(rings + 1, segs, true);
  const centre = at(...e.center);
  const refTri = 2 * (segs * (rings / 2) + 2);
  const ref = positions[raw[refTri * 3]!]!;
  const out = sub(ref, centre);
  const indices = orientByReference(positions, raw, refTri, inward ? scale(out, -1) : out);
  return { positions, indices, normals: computeNormals(positions, indices) };
}

/** A curved band following the dental arch, front facing +z. */
function teethBand(ctx: FaceContext, m: MouthPose, upper: boolean): Geometry {
  const at = mouthSpace(ctx);
  const cols = 13;
  const half = upper ? 0.0138 : 0.0122;
  const [top, bottom] = upper ? [0.0055, 0.0011 - m.teethUpper] : [-0.0018 + m.teethLower, -0.0072];
  const zAt = (x: number): number => (upper ? -0.0045 : -0.0068) - 30 * x * x;
  const positions: Vec3[] = [];
  for (const y of [top, (top + bottom) / 2, bottom]) {
    for (let i = 0; i < cols; i++) {
      const x = -half + (2 * half * i) / (cols - 1);
      const p = at(x, y, zAt(x));
      // Lower teeth lag the jaw a little so they peek over the lower lip when it drops.
      positions.push(upper ? p : rotateAboutX(p, ctx.jawPivot, m.jaw * 0.86));
    }
  }
  const raw = gridIndices(3, cols, false);
  const indices = orientByReference(positions, raw, 2 * (cols / 2 - 0.5), [0, 0, 1]);
  return { positions, indices, normals: positions.map((): Vec3 => [0, 0.2, 0.98]) };
}

/** Weight of the jaw on cavity vertices: the lower half swings, the upper stays. */
const cavityJaw = (y: number): number => smoothstep(0.003, -0.009, y);

export function buildMouthInterior(ctx: FaceContext, m: MouthPose): { cavity: Geometry; teeth: Geometry; tongue: Geometry } {
  const cavity = ellipsoid(ctx, m, { center: [0, -0.002, -0.024], radii: [0.028, 0.02, 0.018] }, true, cavityJaw);
  // The tongue lags the jaw too, so an open mouth shows it.
  const tongue = ellipsoid(ctx, m, { center: [0, -0.0078, -0.019], radii: [0.0118, 0.0042, 0.011] }, false, () => 0.5);
  const up = teethBand(ctx, m, true);
  const low = teethBand(ctx, m, false);
  const teeth: Geometry = {
    positions: [...up.positions, ...low.positions],
    indices: [...up.indices, ...low.indices.map((i) => i + up.positions.length)],
    normals: [...up.normals!, ...low.normals!],
  };
  return { cavity, teeth, tongue };
}

/** Throws if any interior vertex pokes out of the (rest) head surface; run on the neutral pose. */
export function assertInsideHead(ctx: FaceContext, g: Geometry, what: string, margin = 0.0008): void {
  g.positions.forEach((p, i) => {
    if (ctx.shape.field(p) > -margin) throw new Error(`${what}: vertex ${i} at ${p.map((v) => v.toFixed(4)).join(',')} is outside the head`);
  });
}
