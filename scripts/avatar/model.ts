// Puts the avatar together: which parts form which mesh.
import { armSkin, bodyGeometry, neckSkin, torsoSkin } from './body.js';
import { createFaceContext } from './face/context.js';
import { faceParts, part } from './face/face-parts.js';
import { featureParts } from './face/feature-parts.js';
import { hairGeometry } from './hair.js';
import type { Geometry } from './lib/mesh.js';
import type { MeshDef, PartDef } from './model-types.js';

export function buildMeshes(): MeshDef[] {
  const ctx = createFaceContext();
  const hair = hairGeometry();
  const body = bodyGeometry();
  const still = (g: Geometry): PartDef['build'] => () => g;
  return [
    { name: 'Face', parts: faceParts(ctx), firstPerson: 'thirdPersonOnly' },
    { name: 'FaceFeatures', parts: featureParts(ctx), firstPerson: 'thirdPersonOnly' },
    {
      name: 'Hair',
      parts: [part('Hair', 'hair', still(hair.outer)), part('HairInner', 'hairInner', still(hair.inner)), part('HairSprout', 'hair', still(hair.sprout)), part('HairShine', 'hairShine', still(hair.shine))],
      firstPerson: 'thirdPersonOnly',
    },
    {
      name: 'Body',
      parts: [
        { name: 'Neck', material: 'skin', build: still(body.neck), skin: neckSkin },
        { name: 'Sweater', material: 'shirt', build: still(body.torso), skin: torsoSkin },
        { name: 'Collar', material: 'collar', build: still(body.collar), skin: torsoSkin },
        { name: 'Sleeves', material: 'shirt', build: still(body.arms), skin: armSkin },
        { name: 'Hands', material: 'skin', build: still(body.hands), skin: armSkin },
        { name: 'Badge', material: 'badge', build: still(body.badge), skin: torsoSkin },
      ],
      firstPerson: 'auto',
    },
  ];
}
