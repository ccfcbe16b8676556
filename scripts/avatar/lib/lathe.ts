// Surfaces of revolution around a segment: limbs, hands, small tubes.
import { computeNormals, fanIndices, gridIndices, orientByReference, type Geometry } from './mesh.js';
import { addScaled, cross, length, normalize, sub, type Vec3 } from './vec.js';

/**
 * Revolves `profile` ([distance along the axis from `start` in metres, radius])
 * around the segment start → end. A zero radius at either end becomes a single
 * pole vertex. `squash` scales the cross-section along its two axes.
 */
export function lathe(start: Vec3, end: Vec3, profile: ReadonlyArray<readonly [number, number]>, segments: number, squash: readonly [number, number] = [1, 1]): Geometry {
  const w = normalize(sub(end, start));
  const u = normalize(cross(Math.abs(w[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0], w));
  const v = cross(w, u);
  const positions: Vec3[] = [];
  const rings: Array<{ start: number; pole: boolean }> = [];
  for (const [d, r] of profile) {
    const c = addScaled(start, w, d);
    rings.push({ start: positions.length, pole: r === 0 });
    if (r === 0) {
      positions.push(c);
      continue;
    }
    for (let s = 0; s < segments; s++) {
      const t = (2 * Math.PI * s) / segments;
      positions.push(addScaled(addScaled(c, u, Math.cos(t) * r * squash[0]), v, Math.sin(t) * r * squash[1]));
    }
  }
  const indices: number[] = [];
  for (let i = 0; i + 1 < rings.length; i++) {
    const a = rings[i]!;
    const b = rings[i + 1]!;
    if (a.pole && !b.pole) indices.push(...fanIndices(a.start, b.start, segments));
    else if (!a.pole && b.pole) indices.push(...fanIndices(b.start, a.start, segments));
    else if (!a.pole && !b.pole) indices.push(...gridIndices(2, segments, true, a.start));
  }
  // Judge winding on a side quad of the middle ring: outward is away from the axis.
  const mid = rings.findIndex((r, i) => !r.pole && i + 1 < rings.length && !rings[i + 1]!.pole);
  const triAt = indices.findIndex((_, k) => k % 3 === 0 && indices[k] === rings[mid]!.start && indices[k + 1] === rings[mid]!.start + 1);
  const refTri = triAt >= 0 ? triAt / 3 : 0;
  const p = positions[indices[refTri * 3]!]!;
  const along = addScaled(start, w, (p[0] - start[0]) * w[0] + (p[1] - start[1]) * w[1] + (p[2] - start[2]) * w[2]);
  const oriented = orientByReference(positions, indices, refTri, sub(p, along));
  return { positions, indices: oriented, normals: computeNormals(positions, oriented) };
}

/** Profile for a capsule of length between cap centres, radius r0 at start tapering to r1 at end. */
export function capsuleProfile(len: number, r0: number, r1: number, capSteps = 4, bodySteps = 3): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i <= capSteps; i++) {
    const a = (Math.PI / 2) * (1 - i / capSteps);
    out.push([-Math.sin(a) * r0, Math.cos(a) * r0]);
  }
  for (let i = 1; i < bodySteps; i++) {
    const t = i / bodySteps;
    out.push([t * len, r0 + (r1 - r0) * t]);
  }
  for (let i = 0; i <= capSteps; i++) {
    const a = (Math.PI / 2) * (i / capSteps);
    out.push([len + Math.sin(a) * r1, Math.cos(a) * r1]);
  }
  return out.map(([d, r]) => [d, Math.abs(r) < 1e-9 ? 0 : r]);
}

export const segmentLength = (a: Vec3, b: Vec3): number => length(sub(b, a));
