// Indexed triangle geometry helpers: grid topologies, normals and winding.
import { add, cross, dot, normalize, sub, type Vec3 } from './vec.js';

export interface Geometry {
  positions: Vec3[];
  indices: number[];
  /** Optional hand-made normals (e.g. analytic surface normals); computed when absent. */
  normals?: Vec3[];
}

/**
 * Quad grid over `rows` x `cols` vertices laid out row-major, starting at `base`.
 * With `wrap`, the last column connects back to the first (closed rings).
 */
export function gridIndices(rows: number, cols: number, wrap: boolean, base = 0): number[] {
  const out: number[] = [];
  const span = wrap ? cols : cols - 1;
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < span; c++) {
      const c1 = (c + 1) % cols;
      const a = base + r * cols + c;
      const b = base + r * cols + c1;
      const d = base + (r + 1) * cols + c;
      const e = base + (r + 1) * cols + c1;
      out.push(a, b, e, a, e, d);
    }
  }
  return out;
}

/** Triangle fan from a single vertex `apex` to a closed ring of `cols` vertices starting at `ringStart`. */
export function fanIndices(apex: number, ringStart: number, cols: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < cols; c++) out.push(apex, ringStart + ((c + 1) % cols), ringStart + c);
  return out;
}

/** Area-weighted smooth vertex normals. */
export function computeNormals(positions: readonly Vec3[], indices: readonly number[]): Vec3[] {
  const acc: Vec3[] = positions.map(() => [0, 0, 0] as Vec3);
  for (let i = 0; i < indices.length; i += 3) {
    const [a, b, c] = [indices[i]!, indices[i + 1]!, indices[i + 2]!];
    const n = cross(sub(positions[b]!, positions[a]!), sub(positions[c]!, positions[a]!));
    acc[a] = add(acc[a]!, n);
    acc[b] = add(acc[b]!, n);
    acc[c] = add(acc[c]!, n);
  }
  return acc.map((n) => normalize(n));
}

/**
 * Flips triangles whose face normal disagrees with `outward(centroid)`.
 * Lets builders generate topology without caring about winding.
 */
export function orientTriangles(positions: readonly Vec3[], indices: readonly number[], outward: (c: Vec3) => Vec3): number[] {
  const out = indices.slice();
  for (let i = 0; i < out.length; i += 3) {
    const pa = positions[out[i]!]!;
    const pb = positions[out[i + 1]!]!;
    const pc = positions[out[i + 2]!]!;
    const n = cross(sub(pb, pa), sub(pc, pa));
    const centroid: Vec3 = [(pa[0] + pb[0] + pc[0]) / 3, (pa[1] + pb[1] + pc[1]) / 3, (pa[2] + pb[2] + pc[2]) / 3];
    if (dot(n, outward(centroid)) < 0) {
      const t = out[i + 1]!;
      out[i + 1] = out[i + 2]!;
      out[i + 2] = t;
    }
  }
  return out;
}

/** Concatenates geometries into one, offsetting indices; missing normals are computed per piece. */
export function mergeGeometries(parts: readonly Geometry[]): Required<Geometry> {
  const positions: Vec3[] = [];
  const indices: number[] = [];
  const normals: Vec3[] = [];
  for (const p of parts) {
    const base = positions.length;
    positions.push(...p.positions);
    for (const i of p.indices) indices.push(i + base);
    normals.push(...(p.normals ?? computeNormals(p.positions, p.indices)));
  }
  return { positions, indices, normals };
}

/** Reverses the winding of every triangle. */
export function flipWinding(indices: readonly number[]): number[] {
  const out = indices.slice();
  for (let i = 0; i < out.length; i += 3) {
    const t = out[i + 1]!;
    out[i + 1] = out[i + 2]!;
    out[i + 2] = t;
  }
  return out;
}

/**
 * Makes a consistently wound surface face outward, judging by one reference
 * triangle (`tri`) whose outward direction is known. Cheaper and safer than
 * per-triangle tests when parts of the surface are degenerate in some poses.
 */
export function orientByReference(positions: readonly Vec3[], indices: readonly number[], tri: number, outward: Vec3): number[] {
  const pa = positions[indices[tri * 3]!]!;
  const pb = positions[indices[tri * 3 + 1]!]!;
  const pc = positions[indices[tri * 3 + 2]!]!;
  return dot(cross(sub(pb, pa), sub(pc, pa)), outward) < 0 ? flipWinding(indices) : indices.slice();
}

/**
 * The triangles accepted by `keep` (given the triangle's three vertex indices),
 * with only the vertices they use, in their original order. Splitting two
 * poses of the same topology with the same predicate gives matching subsets.
 */
export function subGeometry(g: Geometry, keep: (a: number, b: number, c: number) => boolean): Required<Geometry> {
  const normals = g.normals ?? computeNormals(g.positions, g.indices);
  const used = new Uint8Array(g.positions.length);
  const tris: number[] = [];
  for (let i = 0; i < g.indices.length; i += 3) {
    const a = g.indices[i]!;
    const b = g.indices[i + 1]!;
    const c = g.indices[i + 2]!;
    if (!keep(a, b, c)) continue;
    tris.push(a, b, c);
    used[a] = used[b] = used[c] = 1;
  }
  const remap = new Int32Array(g.positions.length).fill(-1);
  const positions: Vec3[] = [];
  const outNormals: Vec3[] = [];
  for (let v = 0; v < used.length; v++) {
    if (!used[v]) continue;
    remap[v] = positions.length;
    positions.push(g.positions[v]!);
    outNormals.push(normals[v]!);
  }
  return { positions, indices: tris.map((v) => remap[v]!), normals: outNormals };
}

/** Orients a consistently wound surface by its largest triangle, using the supplied vertex normals as "outside". */
export function orientByNormals(g: Required<Geometry>): Required<Geometry> {
  let best = 0;
  let bestArea = -1;
  for (let i = 0; i < g.indices.length; i += 3) {
    const pa = g.positions[g.indices[i]!]!;
    const n = cross(sub(g.positions[g.indices[i + 1]!]!, pa), sub(g.positions[g.indices[i + 2]!]!, pa));
    const area = dot(n, n);
    if (area > bestArea) {
      bestArea = area;
      best = i / 3;
    }
  }
  const indices = orientByReference(g.positions, g.indices, best, g.normals[g.indices[best * 3]!]!);
  return { ...g, indices };
}
