// The head as an implicit surface: a smooth union of ellipsoids (cranium, face,
// cheeks, chin, nose). Everything on the face (skin, eyes, brows, hair) is
// placed by shooting rays from the head centre onto this one surface, so the
// layers always agree with each other.
import { clamp, cross, normalize, scale, type Vec2, type Vec3 } from '../lib/vec.js';

export interface Ellipsoid {
  center: Vec3;
  radii: Vec3;
  /** Blend radius (m) used when this blob is unioned with the ones before it. */
  blend: number;
}

export interface HeadShape {
  /** Signed, roughly metric field: < 0 inside the head. */
  field(p: Vec3): number;
  /** Distance from the head centre to the surface along unit direction d. */
  radius(d: Vec3): number;
  /** Surface point along unit direction d. */
  surface(d: Vec3): Vec3;
  /** Outward unit normal at (or near) p. */
  normal(p: Vec3): Vec3;
}

function ellipsoidField(e: Ellipsoid, p: Vec3): number {
  const x = (p[0] - e.center[0]) / e.radii[0];
  const y = (p[1] - e.center[1]) / e.radii[1];
  const z = (p[2] - e.center[2]) / e.radii[2];
  const mean = (e.radii[0] + e.radii[1] + e.radii[2]) / 3;
  return (Math.sqrt(x * x + y * y + z * z) - 1) * mean;
}

/** Polynomial smooth minimum: a union with a rounded crease of width k. */
function smoothMin(a: number, b: number, k: number): number {
  if (k <= 0) return Math.min(a, b);
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

export function createHeadShape(blobs: readonly Ellipsoid[]): HeadShape {
  const field = (p: Vec3): number => {
    let f = ellipsoidField(blobs[0]!, p);
    for (let i = 1; i < blobs.length; i++) f = smoothMin(f, ellipsoidField(blobs[i]!, p), blobs[i]!.blend);
    return f;
  };
  const radius = (d: Vec3): number => {
    // Bisection keeps the result bit-for-bit reproducible (no tolerance-driven early exits).
    let lo = 0.005;
    let hi = 0.3;
    for (let i = 0; i < 48; i++) {
      const mid = (lo + hi) / 2;
      if (field(scale(d, mid)) < 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const h = 1e-5;
  const normal = (p: Vec3): Vec3 =>
    normalize([
      field([p[0] + h, p[1], p[2]]) - field([p[0] - h, p[1], p[2]]),
      field([p[0], p[1] + h, p[2]]) - field([p[0], p[1] - h, p[2]]),
      field([p[0], p[1], p[2] + h]) - field([p[0], p[1], p[2] - h]),
    ]);
  return { field, radius, surface: (d) => scale(d, radius(d)), normal };
}

/**
 * An orthonormal frame around a unit `axis`, with `v` pointing as close to
 * `up` as possible. Used for azimuthal-equidistant maps: a 2D offset q (in
 * radians of arc) becomes the direction reached by walking |q| along the
 * great circle that leaves `axis` heading q.
 */
export interface SphereFrame {
  axis: Vec3;
  u: Vec3;
  v: Vec3;
}

export function sphereFrame(axis: Vec3, up: Vec3): SphereFrame {
  const a = normalize(axis);
  const u = normalize(cross(up, a));
  const v = cross(a, u);
  return { axis: a, u, v };
}

export function dirFromTangent(f: SphereFrame, q: Vec2): Vec3 {
  const r = Math.hypot(q[0], q[1]);
  if (r < 1e-12) return f.axis;
  const s = Math.sin(r) / r;
  const c = Math.cos(r);
  return normalize([
    f.axis[0] * c + (f.u[0] * q[0] + f.v[0] * q[1]) * s,
    f.axis[1] * c + (f.u[1] * q[0] + f.v[1] * q[1]) * s,
    f.axis[2] * c + (f.u[2] * q[0] + f.v[2] * q[1]) * s,
  ]);
}

export function tangentFromDir(f: SphereFrame, d: Vec3): Vec2 {
  const c = clamp(d[0] * f.axis[0] + d[1] * f.axis[1] + d[2] * f.axis[2], -1, 1);
  const x = d[0] * f.u[0] + d[1] * f.u[1] + d[2] * f.u[2];
  const y = d[0] * f.v[0] + d[1] * f.v[1] + d[2] * f.v[2];
  const r = Math.acos(c);
  const l = Math.hypot(x, y);
  return l < 1e-12 ? [0, 0] : [(x / l) * r, (y / l) * r];
}
