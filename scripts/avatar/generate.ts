// Builds the default avatar's bytes. Pure: no file system, same bytes every run.
import { EXPRESSIONS } from './expressions.js';
import { FACE_TARGETS } from './face/targets.js';
import { writeVrm } from './gltf/write-vrm.js';
import { buildMeshes } from './model.js';
import { eyeCenterModel } from './face/eyes-anchor.js';

export function generateAvatar(): Uint8Array {
  return writeVrm({ meshes: buildMeshes(), targets: FACE_TARGETS, expressions: EXPRESSIONS, eyeCenter: eyeCenterModel() });
}
