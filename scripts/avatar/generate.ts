// Builds the default avatar's bytes. Pure: no file system, same bytes every run.
import { EXPRESSIONS } from './expressions.js';
import { FACE_TARGETS } from './face/targets.js';
import { writeVrm, type VrmInput } from './gltf/write-vrm.js';
import { writeVrm0 } from './gltf/write-vrm0.js';
import { buildMeshes } from './model.js';
import { eyeCenterModel } from './face/eyes-anchor.js';

const avatarInput = (): VrmInput => ({ meshes: buildMeshes(), targets: FACE_TARGETS, expressions: EXPRESSIONS, eyeCenter: eyeCenterModel() });

/** The shipped VRM 1.0 avatar (assets/default-avatar.vrm). */
export function generateAvatar(): Uint8Array {
  return writeVrm(avatarInput());
}

/** The same avatar as a VRM 0.x file, a test fixture (test/fixtures/avatars/default-avatar-vrm0.vrm). */
export function generateAvatarVrm0(): Uint8Array {
  return writeVrm0(avatarInput());
}
