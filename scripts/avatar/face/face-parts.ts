// The face mesh parts (skin, inner lips, mouth interior), in model space.
import { subGeometry, type Geometry } from '../lib/mesh.js';
import { add, type Vec3 } from '../lib/vec.js';
import { perPose, type PartDef } from '../model-types.js';
import type { MaterialKey } from '../materials.js';
import type { FaceContext } from './context.js';
import { HEAD_CENTER } from './layout.js';
import { NEUTRAL_MOUTH, type FacePose } from './pose.js';
import { assertInsideHead, buildMouthInterior } from './mouth-interior.js';
import { buildSkin, SKIN_LAYOUT } from './skin.js';

const headOnly = (): ReadonlyArray<readonly [string, number]> => [['head', 1]];

/** Moves head-local geometry to model space. */
export function toModel(g: Geometry): Geometry {
  return { ...g, positions: g.positions.map((p): Vec3 => add(p, HEAD_CENTER)) };
}

export function part(name: string, material: MaterialKey, build: (pose: FacePose) => Geometry): PartDef {
  return { name, material, build, skin: headOnly };
}

export function faceParts(ctx: FaceContext): PartDef[] {
  const skin = perPose((pose) => toModel(buildSkin(ctx, pose)));
  const lipStart = SKIN_LAYOUT.rollRings * SKIN_LAYOUT.segments;
  const inside = perPose((pose) => buildMouthInterior(ctx, pose.mouth));
  const rest = buildMouthInterior(ctx, NEUTRAL_MOUTH);
  for (const [what, g] of Object.entries(rest)) assertInsideHead(ctx, g, what);
  return [
    part('Skin', 'skin', (p) => subGeometry(skin(p), (a, b, c) => Math.min(a, b, c) >= lipStart)),
    part('InnerLip', 'mouth', (p) => subGeometry(skin(p), (a, b, c) => Math.min(a, b, c) < lipStart)),
    part('MouthCavity', 'mouth', (p) => toModel(inside(p).cavity)),
    part('Teeth', 'teeth', (p) => toModel(inside(p).teeth)),
    part('Tongue', 'tongue', (p) => toModel(inside(p).tongue)),
  ];
}
