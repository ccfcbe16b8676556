// The look-at origin: midway between the eyes, on the face surface.
import { add, type Vec3 } from '../lib/vec.js';
import { createHeadShape } from './head-shape.js';
import { EYE, HEAD_BLOBS, HEAD_CENTER } from './layout.js';

export function eyeCenterModel(): Vec3 {
  const p = createHeadShape(HEAD_BLOBS).surface(EYE.center);
  return add([0, p[1], p[2]], HEAD_CENTER);
}
