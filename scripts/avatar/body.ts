// Neck, torso (a soft, armless bust in a sweater) and a round collar.
import { fanIndices, gridIndices, mergeGeometries, orientByReference, type Geometry } from './lib/mesh.js';
import { capsuleProfile, lathe, segmentLength } from './lib/lathe.js';
import { addScaled, lerp, normalize, smoothstep, type Vec3 } from './lib/vec.js';
import type { Influences } from './model-types.js';

/** Torso cross-sections, bottom to top: height, half-width, half-depth, superellipse exponent, forward shift. */
const TORSO: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0.82, 0.112, 0.08, 2.2, 0],
  [0.92, 0.118, 0.083, 2.2, 0.001],
  [1.02, 0.116, 0.082, 2.2, 0.002],
  [1.12, 0.122, 0.088, 2.3, 0.005],
  [1.2, 0.13, 0.091, 2.3, 0.006],
  [1.26, 0.136, 0.088, 2.4, 0.004],
  [1.3, 0.138, 0.082, 2.5, 0.001],
  [1.333, 0.13, 0.074, 2.4, -0.003],
  [1.358, 0.112, 0.066, 2.3, -0.006],
  [1.379, 0.087, 0.058, 2.2, -0.008],
  [1.394, 0.064, 0.052, 2.1, -0.009],
  [1.402, 0.052, 0.048, 2, -0.009],
];
const SEGMENTS = 40;
const NECK = { radiusX: 0.039, radiusZ: 0.036, z: -0.014 };

function superellipse(a: number, b: number, n: number, t: number): [number, number] {
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [a * Math.sign(c) * Math.abs(c) ** (2 / n), b * Math.sign(s) * Math.abs(s) ** (2 / n)];
}

export function buildTorso(): Geometry {
  const positions: Vec3[] = [[0, TORSO[0]![0] - 0.01, 0]];
  for (const [y, a, b, n, z] of TORSO) {
    for (let j = 0; j < SEGMENTS; j++) {
      const [x, zz] = superellipse(a, b, n, (2 * Math.PI * j) / SEGMENTS);
      positions.push([x, y, zz + z]);
    }
  }
  const raw = [...fanIndices(0, 1, SEGMENTS), ...gridIndices(TORSO.length, SEGMENTS, true, 1)];
  // A quad on the chest front faces +Z.
  const tri = SEGMENTS + 2 * (3 * SEGMENTS + SEGMENTS / 4);
  return { positions, indices: orientByReference(positions, raw, tri, [0, 0, 1]) };
}

export function buildNeck(): Geometry {
  const positions: Vec3[] = [];
  const ys = [1.36, 1.4, 1.42, 1.44, 1.456];
  for (const y of ys) {
    for (let j = 0; j < 24; j++) {
      const t = (2 * Math.PI * j) / 24;
      positions.push([Math.sin(t) * NECK.radiusX, y, NECK.z + Math.cos(t) * NECK.radiusZ]);
    }
  }
  const raw = gridIndices(ys.length, 24, true);
  return { positions, indices: orientByReference(positions, raw, 0, [0, 0, 1]) };
}

/** A rounded band hugging the neck hole: a half-tube swept around an ellipse. */
export function buildCollar(): Geometry {
  const profile = 6;
  const positions: Vec3[] = [];
  for (let k = 0; k < profile; k++) {
    const phi = lerp(-0.2 * Math.PI, 0.95 * Math.PI, k / (profile - 1));
    const out = Math.cos(phi) * 0.0075;
    const up = Math.sin(phi) * 0.0065;
    for (let j = 0; j < SEGMENTS; j++) {
      const t = (2 * Math.PI * j) / SEGMENTS;
      const ax = 0.047 + out;
      const az = 0.0435 + out;
      positions.push([Math.cos(t) * ax, 1.4025 + up, -0.009 + Math.sin(t) * az]);
    }
  }
  const raw = gridIndices(profile, SEGMENTS, true);
  const ref = 2 * (2 * SEGMENTS + SEGMENTS / 4);
  return { positions, indices: orientByReference(positions, raw, ref, [0, 0.3, 1]) };
}

/** Front of the torso (z) at (x, y), from the same cross-sections the mesh is lofted from. */
function torsoFront(x: number, y: number): number {
  let i = 1;
  while (i < TORSO.length - 1 && TORSO[i]![0] < y) i++;
  const [y0, a0, b0, n0, z0] = TORSO[i - 1]!;
  const [y1, a1, b1, n1, z1] = TORSO[i]!;
  const t = (y - y0) / (y1 - y0);
  const a = lerp(a0, a1, t);
  const n = lerp(n0, n1, t);
  return lerp(z0, z1, t) + lerp(b0, b1, t) * (1 - Math.abs(x / a) ** n) ** (1 / n);
}

/** A little five-pointed star pin on the avatar's left chest, just proud of the sweater. */
export function buildBadge(): Geometry {
  const c: [number, number] = [0.058, 1.282];
  const h = 0.002;
  const dzdx = (torsoFront(c[0] + h, c[1]) - torsoFront(c[0] - h, c[1])) / (2 * h);
  const dzdy = (torsoFront(c[0], c[1] + h) - torsoFront(c[0], c[1] - h)) / (2 * h);
  const n = normalize([-dzdx, -dzdy, 1]);
  const at = (x: number, y: number): Vec3 => addScaled([x, y, torsoFront(x, y)], n, 0.0016);
  const positions: Vec3[] = [at(c[0], c[1])];
  for (let k = 0; k < 10; k++) {
    const ang = Math.PI / 2 + (k * Math.PI) / 5;
    const r = k % 2 === 0 ? 0.0125 : 0.0055;
    positions.push(at(c[0] + Math.cos(ang) * r, c[1] + Math.sin(ang) * r));
  }
  const indices = orientByReference(positions, fanIndices(0, 1, 10), 0, n);
  return { positions, indices, normals: positions.map(() => n) };
}

/** Arm and hand of one side (+1 = the avatar's left). Arms hang at the sides, bound to the chest. */
const ARM = { shoulder: [0.118, 1.292, -0.006] as Vec3, wrist: [0.172, 0.975, 0.004] as Vec3, r0: 0.042, r1: 0.033 };

export function buildArm(side: 1 | -1): Geometry {
  const s: Vec3 = [ARM.shoulder[0] * side, ARM.shoulder[1], ARM.shoulder[2]];
  const w: Vec3 = [ARM.wrist[0] * side, ARM.wrist[1], ARM.wrist[2]];
  return lathe(s, w, capsuleProfile(segmentLength(s, w), ARM.r0, ARM.r1, 3, 3), 14);
}

export function buildHand(side: 1 | -1): Geometry {
  // A soft mitten: a flattened capsule just below the sleeve.
  const top: Vec3 = [ARM.wrist[0] * side + 0.002 * side, ARM.wrist[1] - 0.012, ARM.wrist[2] + 0.002];
  const tip: Vec3 = [top[0] + 0.004 * side, top[1] - 0.045, top[2] + 0.004];
  return lathe(top, tip, capsuleProfile(segmentLength(top, tip), 0.027, 0.024, 3, 1), 10, [0.75, 1]);
}

/** Smooth hand-over between two bones across a height band. */
function blend(y: number, lo: number, hi: number, below: string, above: string): Array<[string, number]> {
  const t = smoothstep(lo, hi, y);
  return [
    [below, 1 - t],
    [above, t],
  ];
}

export function torsoSkin(p: Vec3): Influences {
  if (p[1] < 1.14) return blend(p[1], 1.02, 1.12, 'spine', 'chest');
  const base = blend(p[1], 1.18, 1.26, 'chest', 'upperChest');
  // Shoulder tops follow the shoulder bones a little, so a shrug reads.
  const shoulder = smoothstep(0.07, 0.15, Math.abs(p[0])) * smoothstep(1.26, 1.32, p[1]) * 0.6;
  if (shoulder <= 0) return base;
  const side = p[0] > 0 ? 'leftShoulder' : 'rightShoulder';
  return [...base.map(([b, w]): [string, number] => [b, w * (1 - shoulder)]), [side, shoulder]];
}

export function neckSkin(p: Vec3): Influences {
  if (p[1] < 1.4) return blend(p[1], 1.37, 1.4, 'upperChest', 'neck');
  return blend(p[1], 1.42, 1.46, 'neck', 'head');
}

export function armSkin(p: Vec3): Influences {
  const side = p[0] > 0 ? 'leftShoulder' : 'rightShoulder';
  return [...blend(p[1], 1.1, 1.25, 'chest', 'upperChest').map(([b, w]): [string, number] => [b, w * 0.7]), [side, 0.3]];
}

export function bodyGeometry(): Record<'torso' | 'neck' | 'collar' | 'arms' | 'hands' | 'badge', Geometry> {
  return {
    torso: mergeGeometries([buildTorso()]),
    neck: mergeGeometries([buildNeck()]),
    collar: mergeGeometries([buildCollar()]),
    arms: mergeGeometries([buildArm(1), buildArm(-1)]),
    hands: mergeGeometries([buildHand(1), buildHand(-1)]),
    badge: mergeGeometries([buildBadge()]),
  };
}
