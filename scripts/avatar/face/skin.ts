// Head skin: one closed surface, gridded in polar rings around the mouth axis
// so the rings near the pole become the lips. The innermost ring is the lip
// edge; three more rings roll inward into the mouth so an open mouth shows lip
// thickness rather than a paper edge. Everything else is the head.
import { computeNormals, fanIndices, gridIndices, orientByReference, type Geometry } from '../lib/mesh.js';
import { addScaled, lerp, rotateAboutX, smoothstep, type Vec2, type Vec3 } from '../lib/vec.js';
import { cheekField, type FaceContext } from './context.js';
import { dirFromTangent } from './head-shape.js';
import type { FacePose, MouthPose } from './pose.js';

/** Pre-warp radius of the lip-edge ring (radians around the mouth axis). */
const LIP_RING = 0.12;
const SEGMENTS = 56;
/** Inward lip roll: depth below the surface (m) and shrink toward the mouth centre. */
const ROLL = [
  { depth: 0.0016, shrink: 0.0 },
  { depth: 0.0042, shrink: 0.04 },
  { depth: 0.0085, shrink: 0.08 },
] as const;

/** Ring radii from the lip edge to just short of the back pole: fine at the lips, coarser under the hair. */
function ringRadii(): number[] {
  const out = [LIP_RING];
  let step = 0.016;
  let r = LIP_RING;
  for (;;) {
    const cap = r < 1.9 ? 0.08 : 0.22;
    step = Math.min(step * 1.15, cap);
    r += step;
    if (r > Math.PI - 0.06) break;
    out.push(r);
  }
  return out;
}

const RINGS = ringRadii();

/** Where the lip edge sits for a mouth pose (tangent-plane coordinates, radians). */
export function lipEdge(m: MouthPose, beta: number): Vec2 {
  const c = Math.cos(beta);
  const s = Math.sin(beta);
  const open = s >= 0 ? m.upper : m.lower;
  return [m.halfWidth * c, open * s + m.cornerLift * c * c];
}

/** How far past the lip ring the mouth's shape still pulls on the skin; tighter above (keeps the nose still). */
function falloffSpan(beta: number): number {
  const s = Math.sin(beta);
  return lerp(0.27, s >= 0 ? 0.16 : 0.24, Math.abs(s));
}

/** 0 … 1: how much of the jaw rotation a skin point (given by its pre-warp polar coords) follows. */
export function jawWeight(rho: number, beta: number): number {
  const v = rho * Math.sin(beta);
  return smoothstep(0, -0.1, v) * (1 - smoothstep(0.75, 1.25, rho));
}

function lipVolume(rho: number, beta: number): number {
  const t = (rho - LIP_RING) / 0.055;
  return 0.0011 * Math.exp(-t * t) * (Math.sin(beta) < 0 ? 1.25 : 0.85);
}

function puckerWeight(rho: number): number {
  const t = Math.max(0, rho - LIP_RING) / 0.1;
  return Math.exp(-t * t);
}

export function buildSkin(ctx: FaceContext, pose: FacePose): Geometry {
  const m = pose.mouth;
  const positions: Vec3[] = [];
  const normals: Vec3[] = [];
  const place = (q: Vec2, depth: number, rho: number, beta: number, outward: number): Vec3 => {
    const d = dirFromTangent(ctx.mouth, q);
    const surf = ctx.shape.surface(d);
    const n = ctx.shape.normal(surf);
    let p = addScaled(surf, n, outward - depth);
    p = rotateAboutX(p, ctx.jawPivot, m.jaw * jawWeight(rho, beta));
    return cheekField(p, pose.cheek);
  };
  for (const roll of [...ROLL].reverse()) {
    for (let j = 0; j < SEGMENTS; j++) {
      const beta = (2 * Math.PI * j) / SEGMENTS;
      const e = lipEdge(m, beta);
      const q: Vec2 = [e[0] * (1 - roll.shrink), e[1] * (1 - roll.shrink)];
      positions.push(place(q, roll.depth, LIP_RING, beta, m.pucker + lipVolume(LIP_RING, beta) * 0.5));
      normals.push([0, 0, 0]);
    }
  }
  for (const rho of RINGS) {
    for (let j = 0; j < SEGMENTS; j++) {
      const beta = (2 * Math.PI * j) / SEGMENTS;
      const c = Math.cos(beta);
      const s = Math.sin(beta);
      const e = lipEdge(m, beta);
      const pull = 1 - smoothstep(LIP_RING, LIP_RING + falloffSpan(beta), rho);
      const q: Vec2 = [rho * c + pull * (e[0] - LIP_RING * c), rho * s + pull * (e[1] - LIP_RING * s)];
      const out = lipVolume(rho, beta) + m.pucker * puckerWeight(rho);
      positions.push(place(q, 0, rho, beta, out));
      normals.push(ctx.shape.normal(ctx.shape.surface(dirFromTangent(ctx.mouth, q))));
    }
  }
  const pole = positions.length;
  positions.push(place([Math.PI, 0], 0, Math.PI, 0, 0));
  normals.push(ctx.shape.normal(ctx.shape.surface(dirFromTangent(ctx.mouth, [Math.PI, 0]))));
  const ringCount = ROLL.length + RINGS.length;
  const raw = [...gridIndices(ringCount, SEGMENTS, true), ...fanIndices(pole, (ringCount - 1) * SEGMENTS, SEGMENTS)];
  // A quad well out on the cheek decides the winding for the whole (consistently wound) grid.
  const refQuad = (ROLL.length + 8) * SEGMENTS + SEGMENTS / 4;
  const indices = orientByReference(positions, raw, refQuad * 2, positions[refQuad]!);
  // The lip edge and roll bend sharply, so their normals come from the mesh itself.
  const meshNormals = computeNormals(positions, indices);
  for (let i = 0; i < (ROLL.length + 1) * SEGMENTS; i++) normals[i] = meshNormals[i]!;
  return { positions, indices, normals };
}

/** Vertex ranges of the skin grid, for splitting lips and roll into their own materials. */
export const SKIN_LAYOUT = { segments: SEGMENTS, rollRings: ROLL.length, rings: RINGS.length };
