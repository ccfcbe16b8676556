// Hair: a shell over the head that follows the skull down to ear level, then
// hangs straight (a chin-length bob), with an unevenly split fringe,
// face-framing side locks, painted highlight streaks, an inner layer and a
// rolled rim so the edge has thickness, and a little sprout on top.
import { createHeadShape, type HeadShape } from './face/head-shape.js';
import { HEAD_BLOBS } from './face/layout.js';
import { toModel } from './face/face-parts.js';
import { computeNormals, fanIndices, gridIndices, mergeGeometries, orientByReference, type Geometry } from './lib/mesh.js';
import { addScaled, lerp, normalize, scale, smoothstep, type Vec3 } from './lib/vec.js';

const DEG = Math.PI / 180;
/** Elevation (deg) where the hair stops following the skull and hangs. */
const HANG = -6;
/** Elevation (deg) where the evenly spaced dome rows end; just above the highest fringe edge. */
const DOME_END = 33;
/** Hair layer thickness between the outer and inner shell (m). */
const INNER_GAP = 0.0045;

/** Column azimuths (deg, 0 = front, + toward the avatar's left): dense over the face, sparse behind. */
function columns(): number[] {
  const out: number[] = [];
  for (let a = -180; a < -60; a += 9) out.push(a);
  for (let a = -60; a < 60; a += 2.5) out.push(a);
  for (let a = 60; a < 180; a += 9) out.push(a);
  return out;
}

/** Piecewise-linear in |azimuth|: fringe over the forehead, long locks beside the cheeks, a bob behind. */
const EDGE_PROFILE: ReadonlyArray<readonly [number, number]> = [
  [0, 19.5],
  [22, 21],
  [33, 25],
  [37, 20],
  [42, -12],
  [47, -62],
  [52, -60],
  [60, -44],
  [180, -48],
];
/** Splits in the fringe: azimuth, depth (deg), half-width (deg). Uneven on purpose. */
const FRINGE_SPLITS: ReadonlyArray<readonly [number, number, number]> = [
  [-21, 5, 4],
  [-6, 3, 3],
  [12, 6, 4.5],
  [27, 4, 3.5],
];

/** A V-shaped notch: 1 at the centre, 0 beyond `w`, with slightly convex flanks. */
const notch = (d: number, w: number): number => (Math.abs(d) < w ? (1 - Math.abs(d) / w) ** 1.4 : 0);

function edgeElevation(az: number): number {
  const x = Math.abs(az);
  let e = EDGE_PROFILE[EDGE_PROFILE.length - 1]![1];
  for (let i = 1; i < EDGE_PROFILE.length; i++) {
    const [x0, e0] = EDGE_PROFILE[i - 1]!;
    const [x1, e1] = EDGE_PROFILE[i]!;
    if (x <= x1) {
      e = lerp(e0, e1, (x - x0) / (x1 - x0));
      break;
    }
  }
  for (const [at, depth, w] of FRINGE_SPLITS) e += depth * notch(az - at, w);
  // Softly pointed lock ends all around the back.
  if (x > 60) e -= 4 * notch(((x - 60) % 24) - 12, 12);
  return e;
}

/** Outer-shell thickness above the skull: puffy on top and around the temples, thin at the fringe. */
function thickness(az: number, elev: number): number {
  const temples = 0.003 * Math.exp(-(((elev - 30) / 25) ** 2)) * smoothstep(25, 70, Math.abs(az));
  return lerp(0.0055, 0.0165, smoothstep(18, 75, elev)) + temples;
}

const dirOf = (az: number, elev: number): Vec3 => [Math.cos(elev * DEG) * Math.sin(az * DEG), Math.sin(elev * DEG), Math.cos(elev * DEG) * Math.cos(az * DEG)];

/** A point of the hair layer `lift` metres above the skull at (az, elev); below HANG it hangs straight down. */
function hairPoint(shape: HeadShape, az: number, elev: number, lift: number, hangLift: number): Vec3 {
  if (elev >= HANG) {
    const s = shape.surface(dirOf(az, elev));
    return addScaled(s, shape.normal(s), lift);
  }
  const s = shape.surface(dirOf(az, HANG));
  const top = addScaled(s, shape.normal(s), hangLift);
  const drop = (HANG - elev) * DEG * 0.09;
  // Ends tuck in a little, like a bob.
  const radial = normalize([top[0], 0, top[2]]);
  const tuck = 0.004 * smoothstep(0, 0.06, drop) - 0.004 * smoothstep(0.045, 0.075, drop);
  let p = addScaled(addScaled(top, [0, -1, 0], drop), radial, tuck);
  // Never cut into the cheeks or jaw.
  for (let i = 0; i < 40 && shape.field(p) < 0.003; i++) p = addScaled(p, radial, 0.001);
  return p;
}

/**
 * Shading normal for the hair at (az, elev): the skull's normal on the dome,
 * horizontal where the hair hangs. Taken from the smooth skull rather than the
 * hair grid, whose long thin quads would give a streaky toon-shade boundary.
 */
function hairNormal(shape: HeadShape, az: number, elev: number): Vec3 {
  const n = shape.normal(shape.surface(dirOf(az, Math.max(elev, HANG))));
  if (elev >= HANG) return n;
  return normalize([n[0], n[1] * 0.3, n[2]]);
}

export function buildHair(): { outer: Geometry; inner: Geometry; sprout: Geometry; shine: Geometry } {
  const shape = createHeadShape(HEAD_BLOBS);
  const cols = columns();
  // Dome rows sit at the same elevation in every column (no sheared quads);
  // only the rows below DOME_END stretch down to each column's own edge.
  const domeRows = 7;
  const lowRows = 6;
  const rows = domeRows + lowRows;
  const outerPos: Vec3[] = [];
  const outerNormals: Vec3[] = [];
  const innerPos: Vec3[] = [];
  const rimPos: Vec3[] = [];
  const innerRows = 5;
  for (let r = 1; r <= rows; r++) {
    for (const az of cols) {
      const end = edgeElevation(az);
      const elev = r <= domeRows ? lerp(90, DOME_END, r / domeRows) : lerp(DOME_END, end, 1 - (1 - (r - domeRows) / lowRows) ** 1.2);
      outerPos.push(hairPoint(shape, az, elev, thickness(az, elev), 0.009));
      outerNormals.push(hairNormal(shape, az, elev));
    }
  }
  for (let r = 0; r < innerRows; r++) {
    const s = r / (innerRows - 1);
    for (const az of cols) {
      const end = edgeElevation(az);
      const elev = lerp(Math.max(end, HANG) + 16, end, s);
      const lift = lerp(-0.003, thickness(az, Math.max(end, HANG)) - INNER_GAP, smoothstep(0, 0.45, s));
      innerPos.push(hairPoint(shape, az, elev, lift, 0.009 - INNER_GAP));
    }
  }
  // Rolled rim between the outer edge and the inner edge.
  const lastOuter = outerPos.slice(-cols.length);
  const lastInner = innerPos.slice(-cols.length);
  lastOuter.forEach((o, i) => rimPos.push(addScaled(scale(addScaled(o, lastInner[i]!, 1), 0.5), [0, -1, 0], 0.0018)));

  const crown = hairPoint(shape, 0, 90, thickness(0, 90), 0);
  const outerAll = [crown, ...outerPos];
  let outerIdx = [...fanIndices(0, 1, cols.length), ...gridIndices(rows, cols.length, true, 1)];
  outerIdx = orientByReference(outerAll, outerIdx, cols.length + 3, outerAll[cols.length + 3]!);
  let innerIdx = gridIndices(innerRows, cols.length, true);
  innerIdx = orientByReference(innerPos, innerIdx, cols.length * 2, scale(innerPos[cols.length]!, -1));
  const rimAll = [...lastOuter, ...rimPos, ...lastInner];
  let rimIdx = gridIndices(3, cols.length, true);
  rimIdx = orientByReference(rimAll, rimIdx, 0, [0, -1, 0.3]);
  const outer = mergeGeometries([
    { positions: outerAll, indices: outerIdx, normals: [[0, 1, 0], ...outerNormals] },
    { positions: rimAll, indices: rimIdx },
  ]);
  const inner = { positions: innerPos, indices: innerIdx, normals: computeNormals(innerPos, innerIdx) };
  return { outer, inner, sprout: buildSprout(crown), shine: buildShine(shape) };
}

/**
 * The anime-style "angel ring": a ring of thin, lighter streaks painted just
 * above the hair surface, running with the hair across the front and sides.
 */
function buildShine(shape: HeadShape): Geometry {
  const positions: Vec3[] = [];
  const normals: Vec3[] = [];
  const indices: number[] = [];
  const rows = 5;
  for (let k = 0; k < 21; k++) {
    const az0 = -100 + k * 10;
    // Uneven lengths so the ring reads as strands, not a pattern; shorter toward the sides.
    const len = (8 + 5 * Math.abs(Math.sin(k * 2.3))) * smoothstep(108, 70, Math.abs(az0));
    const half = 1.7 * smoothstep(108, 70, Math.abs(az0));
    if (len < 2) continue;
    const base = positions.length;
    for (let r = 0; r < rows; r++) {
      const t = r / (rows - 1);
      const elev = 56 - t * len;
      const w = half * Math.sin(Math.PI * lerp(0.05, 0.95, t)) ** 0.8;
      for (const side of [-1, 1]) {
        const az = az0 + side * w;
        positions.push(hairPoint(shape, az, elev, thickness(az, elev) + 0.0005, 0));
        normals.push(hairNormal(shape, az, elev));
      }
    }
    indices.push(...orientByReference(positions, gridIndices(rows, 2, false, base), 2, positions[base + 4]!));
  }
  return { positions, indices, normals };
}

/** A small curled tuft on the crown: a tapered ribbon that arcs up and curls to one side, flat to the viewer. */
function buildSprout(crown: Vec3): Geometry {
  const n = 12;
  const positions: Vec3[] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    // Centreline: up from the crown, bending over toward +X; width across the bend, in the XY plane.
    const ang = lerp(0.15, 2.4, t);
    const radius = 0.014;
    const c: Vec3 = [crown[0] + radius * (1 - Math.cos(ang)), crown[1] - 0.006 + radius * Math.sin(ang) + 0.006 * t, crown[2] + 0.012];
    const side: Vec3 = [-Math.cos(ang), Math.sin(ang), 0];
    const half = 0.0042 * Math.sin(Math.PI * lerp(0.5, 1, t)) ** 0.8 + 0.0003;
    positions.push(addScaled(c, side, half), addScaled(c, side, -half));
  }
  const indices = gridIndices(n + 1, 2, false);
  return { positions, indices: orientByReference(positions, indices, 2, [0, 0, 1]), normals: positions.map(() => [0, 0.5, 0.87] as Vec3) };
}

export function hairGeometry(): { outer: Geometry; inner: Geometry; sprout: Geometry; shine: Geometry } {
  const h = buildHair();
  return { outer: toModel(h.outer), inner: toModel(h.inner), sprout: toModel(h.sprout), shine: toModel(h.shine) };
}
