// Shared, pose-independent facts about the head that every face builder needs.
import { addScaled, scale, type Vec3 } from '../lib/vec.js';
import { createHeadShape, sphereFrame, type HeadShape, type SphereFrame } from './head-shape.js';
import { HEAD_BLOBS, MOUTH_AXIS } from './layout.js';

export interface FaceContext {
  shape: HeadShape;
  /** Frame around the mouth axis; the skin grid is polar around it. */
  mouth: SphereFrame;
  /** Surface point in the middle of the closed mouth. */
  mouthPoint: Vec3;
  /** Jaw hinge (head-local), rotation axis parallel to +X. */
  jawPivot: Vec3;
}

export function createFaceContext(): FaceContext {
  const shape = createHeadShape(HEAD_BLOBS);
  const mouth = sphereFrame(MOUTH_AXIS, [0, 1, 0]);
  return { shape, mouth, mouthPoint: shape.surface(mouth.axis), jawPivot: [0, -0.02, -0.012] };
}

/** Cheeks push up and a little forward when smiling; applied to every face layer alike. */
export function cheekField(p: Vec3, amount: number): Vec3 {
  if (amount === 0) return p;
  let out = p;
  for (const side of [1, -1]) {
    const dx = p[0] - side * 0.042;
    const dy = p[1] + 0.04;
    // Compact bump (zero beyond 2.4 cm) so far-away vertices stay exactly still.
    const q = Math.max(0, 1 - (dx * dx + dy * dy) / (0.024 * 0.024));
    const g = q * q * (p[2] > 0 ? 1 : 0);
    out = addScaled(out, scale([0, 0.0026, 0.0014], amount), g);
  }
  return out;
}
